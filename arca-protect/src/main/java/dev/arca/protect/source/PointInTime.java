package dev.arca.protect.source;

import java.time.Instant;

/** Where to restore a database to. */
public sealed interface PointInTime {

    /** As far as the stored log reaches. */
    record Latest() implements PointInTime {
    }

    /** Exactly this moment: every transaction committed at or before it, none after. */
    record At(Instant time) implements PointInTime {
    }
}
