#!/usr/bin/env python3
"""Summarises async-profiler's collapsed stacks (written with its 'threads' option): the samples per
thread, then for the main thread every Arca frame with the samples at or below it (inclusive) and the
deepest Arca frame of each sample (where Arca's own code called out last).

    python3 bench/collapsed-stacks.py STACKS [FRAME]
    python3 bench/collapsed-stacks.py --wall STACKS
    python3 bench/collapsed-stacks.py --leaves STACKS
    python3 bench/collapsed-stacks.py --alloc STACKS

With FRAME (a substring of a frame, such as 'JceSecurity.<clinit>'), it prints instead what the main
thread ran directly below that frame, four frames deep. With --wall (stacks sampled every millisecond of
wall-clock time, CPU or not), it prints for each of Arca's worker threads (named arca-*) where its time
went: the deepest Arca frame of each sample and the two frames below it, which shows what a thread waits
on (a lock, a semaphore, a future) as well as what it computes. With --leaves, it prints for each thread
of Arca's and each compiler thread the frames its samples ended in (the code that ran, native libraries'
functions included: zstd's, the JIT's SHA-256 stub), which is what a CPU-bound phase spends its cores on.
With --alloc (stacks of async-profiler's allocation profile, whose counts are bytes), it prints the MiB
allocated in all and the sites that allocated most: the deepest Arca frame and the type allocated.
Used by bench/java-profile.sh.
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


def thread_name(thread):
    return thread.split(' tid=')[0].strip('[')


def workers(samples):
    """Per thread named arca-* (threads of one pool together), the deepest Arca frame and two below it."""
    where = collections.defaultdict(collections.Counter)
    for thread, frames, n in samples:
        name = thread_name(thread)
        if not name.startswith('arca-'):
            continue
        ours = [i for i, f in enumerate(frames) if f.startswith('dev/arca/')]
        at = ours[-1] if ours else 0
        where[name][' > '.join(short(f) for f in frames[at:at + 3])] += n
    for name, counts in sorted(where.items()):
        print(f'{name}: {sum(counts.values())} samples')
        for chain, n in counts.most_common(8):
            print(f'  {n:6d}  {chain}')


def leaves(samples):
    """Per thread named arca-* or compiler thread, the frames its samples ended in."""
    where = collections.defaultdict(collections.Counter)
    for thread, frames, n in samples:
        name = thread_name(thread)
        if name.startswith('arca-') or 'Compiler' in name:
            where[name][short(frames[-1]) if frames else '?'] += n
    for name, counts in sorted(where.items(), key=lambda item: -sum(item[1].values())):
        print(f'{name}: {sum(counts.values())} samples')
        for frame, n in counts.most_common(6):
            print(f'  {n:6d}  {frame}')


def allocations(samples):
    """The bytes allocated in all, and by site: the deepest Arca frame and the type it allocated."""
    sites = collections.Counter()
    for _, frames, n in samples:
        # The last frame is the type allocated, not code.
        ours = [short(f) for f in frames[:-1] if f.startswith('dev/arca/') or f.startswith('dev.arca.')]
        kind = frames[-1].removesuffix('_[i]').removesuffix('_[k]').split('.')[-1] if frames else '?'
        sites[f'{ours[-1] if ours else "(outside Arca)"} :: {kind}'] += n
    print(f'{sum(sites.values()) / 2**20:.1f} MiB allocated (sampled every 64 KiB)')
    for site, n in sites.most_common(20):
        print(f'  {n / 2**20:7.2f} MiB  {site}')


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    wall = sys.argv[1] == '--wall'
    leaf = sys.argv[1] == '--leaves'
    if sys.argv[1] == '--alloc':
        allocations(list(stacks(sys.argv[2])))
        return
    args = sys.argv[2:] if wall or leaf else sys.argv[1:]
    samples = list(stacks(args[0]))
    wanted = args[1] if len(args) > 1 else None
    threads = collections.Counter()
    for thread, _, n in samples:
        threads[thread_name(thread)] += n
    total = sum(threads.values())
    print(f'{total} samples of {"1 ms of wall-clock time" if wall else "250 us of CPU"}')
    for name, n in threads.most_common(12):
        print(f'  {n:6d} {100 * n / total:5.1f}%  {name}')
    if wall:
        workers(samples)
        return
    if leaf:
        leaves(samples)
        return
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
