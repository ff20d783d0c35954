#!/usr/bin/env python3
"""What a page fault costs on this machine: touches 64 MiB of fresh anonymous memory one 4 KiB page at
a time, then the same memory again (no faults: the loop's own cost), then 64 MiB of a cached file
mapped read-only, and prints microseconds per page. On most machines a fault costs well under 1 us;
on some virtual machines an anonymous one costs ten times more, and then every page a process touches
first (a JVM's heap, say) is dear, which is why the arca launcher asks for huge pages.

    python3 bench/fault-cost.py
"""
import mmap
import os
import tempfile
import time

SIZE = 64 << 20
PAGE = 4096
PAGES = SIZE // PAGE


def touch(buf, write):
    start = time.perf_counter()
    if write:
        for i in range(0, SIZE, PAGE):
            buf[i] = 1
    else:
        total = 0
        for i in range(0, SIZE, PAGE):
            total += buf[i]
    return (time.perf_counter() - start) * 1e6 / PAGES


anon = mmap.mmap(-1, SIZE)
first = touch(anon, True)
again = touch(anon, True)
with tempfile.NamedTemporaryFile(dir=os.environ.get('TMPDIR', '/tmp')) as f:
    f.write(os.urandom(SIZE))
    f.flush()
    with open(f.name, 'rb') as r:
        r.read()  # into the page cache, so the faults below read no disk
        mapped = mmap.mmap(r.fileno(), 0, prot=mmap.PROT_READ)
        file_first = touch(mapped, False)
print(f"anonymous memory, first touch: {first:6.2f} us per 4 KiB page")
print(f"anonymous memory, touched again: {again:6.2f} us per page (the loop alone)")
print(f"cached file, mapped, first read: {file_first:6.2f} us per page")
