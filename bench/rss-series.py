#!/usr/bin/env python3
"""How a command's resident memory moves over its run: samples VmRSS every 5 ms and prints the peak,
when it came, and, when the resident size then fell by 20 MiB or more at once (an arca command's key
derivation frees scrypt's 32 MiB table), the highest point after that fall; then about one sample every 0.1 s.
Where bench/rss-peak.py says what the peak is made of, this says which phase it falls in.

    python3 bench/rss-series.py ./arca backup -r REPO DIR

The command must not fork its work off to a child (the arca launcher execs the JVM, so its PID is the
JVM's).
"""
import subprocess
import sys
import time

INTERVAL = 0.005
FALL_MIB = 20


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.monotonic()
    series = []
    while proc.poll() is None:
        try:
            with open(f'/proc/{proc.pid}/status') as status:
                for line in status:
                    if line.startswith('VmRSS:'):
                        series.append((time.monotonic() - start, int(line.split()[1]) / 1024))
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(INTERVAL)
    if proc.wait() != 0:
        sys.exit(f'the command failed with exit code {proc.returncode}')
    if not series:
        sys.exit('the command ended before its memory could be read')
    top = max(range(len(series)), key=lambda i: series[i][1])
    print(f'peak {series[top][1]:.1f} MiB at {series[top][0]:.3f} s')
    fall = next((i for i in range(top, len(series)) if series[i][1] < series[top][1] - FALL_MIB), None)
    if fall is not None:
        print(f'fell by {series[top][1] - series[fall][1]:.1f} MiB by {series[fall][0]:.3f} s; '
              f'highest after: {max(r for _, r in series[fall:]):.1f} MiB')
    every = max(1, round(0.1 / INTERVAL))
    for t, rss in series[::every]:
        print(f'  {t:6.2f} s {rss:7.1f} MiB')


if __name__ == '__main__':
    main()
