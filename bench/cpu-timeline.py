#!/usr/bin/env python3
"""How many cores a command keeps busy as it runs: reads the process's user and system time from
/proc/PID/stat every 100 ms and prints the cores used in each interval, so that a phase that runs on one
core of two shows up as a row of 1.0s.

    python3 bench/cpu-timeline.py ./arca backup -r REPO DIR

The command must not fork its work off to a child (the arca launcher execs the JVM, so its PID is the
JVM's). Threads are counted together.
"""
import os
import subprocess
import sys
import time

INTERVAL = 0.1


def cpu_seconds(pid, ticks):
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks   # utime and stime, fields 14 and 15 of stat(5)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    ticks = os.sysconf('SC_CLK_TCK')
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    used, before = [], 0.0
    while proc.poll() is None:
        time.sleep(INTERVAL)
        try:
            now = cpu_seconds(proc.pid, ticks)
        except (FileNotFoundError, ProcessLookupError, IndexError):
            break
        used.append((now - before) / INTERVAL)
        before = now
    if proc.wait() != 0:
        sys.exit(f'the command failed with exit code {proc.returncode}')
    print(f'cores used per {int(INTERVAL * 1000)} ms ({len(used)} intervals):')
    print(' '.join(f'{u:.1f}' for u in used))


if __name__ == '__main__':
    main()
