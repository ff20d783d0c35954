#!/usr/bin/env python3
"""Where a command's resident memory is at its peak: samples /proc/PID/smaps every 50 ms while the
command runs and prints the largest mappings of the sample with the highest total RSS, then the
files mapped (libraries, the start-up cache) with each one's mappings summed.

    python3 bench/rss-peak.py ./arca restore -r REPO latest --target DIR

The command must not fork its work off to a child (the arca launcher execs the JVM, so its PID is
the JVM's). For a JVM, the Java heap is the anonymous mapping as large as -Xmx (96 MiB for arca).
"""
import re
import subprocess
import sys
import time

MAPPING = re.compile(r'^([0-9a-f]+)-([0-9a-f]+) ')


def sample(pid):
    maps, total = [], 0
    with open(f'/proc/{pid}/smaps') as smaps:
        for line in smaps:
            m = MAPPING.match(line)
            if m:
                parts = line.split(None, 5)
                name = parts[5].strip() if len(parts) > 5 else '[anonymous]'
                size_kib = (int(m.group(2), 16) - int(m.group(1), 16)) // 1024
                maps.append([0, size_kib, name])
            elif line.startswith('Rss:'):
                kib = int(line.split()[1])
                maps[-1][0] = kib
                total += kib
    return total, maps


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    peak, peak_maps = 0, []
    while proc.poll() is None:
        try:
            total, maps = sample(proc.pid)
        except (FileNotFoundError, ProcessLookupError, IndexError):
            break
        if total > peak:
            peak, peak_maps = total, maps
        time.sleep(0.05)
    if proc.wait() != 0:
        sys.exit(f'the command failed with exit code {proc.returncode}')
    print(f'peak sampled RSS: {peak / 1024:.1f} MiB')
    for rss, size, name in sorted(peak_maps, reverse=True)[:12]:
        print(f'{rss / 1024:8.1f} MiB resident of {size / 1024:8.1f} MiB  {name}')
    # A library or file is several mappings (code, read-only data, relocated data); summed per name, the
    # anonymous ones apart, it is what loading that file costs.
    by_file = {}
    for rss, size, name in peak_maps:
        if not name.startswith('['):
            by_file[name] = by_file.get(name, 0) + rss
    print('by file:')
    for name, rss in sorted(by_file.items(), key=lambda item: -item[1])[:8]:
        print(f'{rss / 1024:8.1f} MiB  {name}')


if __name__ == '__main__':
    main()
