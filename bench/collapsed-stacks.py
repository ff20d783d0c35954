#!/usr/bin/env python3
"""Summarises async-profiler's collapsed stacks (written with its 'threads' option): the samples per
thread, then for the main thread every Arca frame with the samples at or below it (inclusive) and the
deepest Arca frame of each sample (where Arca's own code called out last).

    python3 bench/collapsed-stacks.py STACKS [FRAME]

With FRAME (a substring of a frame, such as 'JceSecurity.<clinit>'), it prints instead what the main
thread ran directly below that frame, four frames deep. Used by bench/java-profile.sh.
"""
import collections
import sys


def stacks(path):
    with open(path) as f:
        for line in f:
            stack, count = line.rstrip('\n').rsplit(' ', 1)
            frames = stack.split(';')
            yield frames[0], frames[1:], int(count)


def short(frame):
    return frame.split('/')[-1]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    samples = list(stacks(sys.argv[1]))
    wanted = sys.argv[2] if len(sys.argv) > 2 else None
    threads = collections.Counter()
    for thread, _, n in samples:
        threads[thread.split(' tid=')[0].strip('[')] += n
    total = sum(threads.values())
    print(f'{total} samples of 250 us of CPU')
    for name, n in threads.most_common(12):
        print(f'  {n:6d} {100 * n / total:5.1f}%  {name}')
    main_thread = [(frames, n) for thread, frames, n in samples if thread.startswith('[main ')]
    main_total = sum(n for _, n in main_thread)
    if main_total == 0:
        return
    if wanted:
        below = collections.Counter()
        for frames, n in main_thread:
            at = next((i for i, f in enumerate(frames) if wanted in f), None)
            if at is not None:
                below[' > '.join(short(f) for f in frames[at + 1:at + 5])] += n
        print(f'main thread below {wanted}: {sum(below.values())} of {main_total} samples')
        for chain, n in below.most_common(20):
            print(f'  {n:6d}  {chain}')
        return
    inclusive = collections.Counter()
    deepest = collections.Counter()
    for frames, n in main_thread:
        ours = [short(f) for f in frames if f.startswith('dev/arca/') or f.startswith('dev.arca.')]
        for frame in dict.fromkeys(ours):
            inclusive[frame] += n
        deepest[ours[-1] if ours else '(JVM or JDK code outside Arca\'s)'] += n
    print(f'main thread: {main_total} samples; Arca frames, inclusive')
    for frame, n in inclusive.most_common(30):
        print(f'  {n:6d} {100 * n / main_total:5.1f}%  {frame}')
    print('main thread, by the deepest Arca frame')
    for frame, n in deepest.most_common(15):
        print(f'  {n:6d} {100 * n / main_total:5.1f}%  {frame}')


if __name__ == '__main__':
    main()
