package dev.arca.protect.copy;

import java.util.concurrent.atomic.AtomicLong;

/** The counts of one snapshot's copy, added to by the transfer threads. */
final class Tally {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
}
