package dev.arca.storage.decorate;

import dev.arca.storage.ObjectKind;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One misbehaviour for {@link FaultyStorage} to inject: what happens ({@link Effect}), to which calls
 * (operations and kinds; empty means all that the effect applies to), and when: the calls it watches are
 * counted, the first {@code after} pass untouched, then the next {@code times} are hit.
 *
 * <pre>{@code
 * Fault.fail().on(Operation.SAVE).in(ObjectKind.DATA).after(3).times(2)
 * }</pre>
 *
 * @param hangLimit how long a {@link Effect#HANG} blocks before failing; zero for the other effects
 */
public record Fault(Effect effect, Set<Operation> operations, Set<ObjectKind> kinds, int after, int times,
                    Duration hangLimit) {

    /** What a fault does to a call it hits. */
    public enum Effect {
        /** The call fails with an {@link java.io.IOException} and the wrapped storage never sees it. */
        FAIL(EnumSet.allOf(Operation.class)),
        /**
         * The call takes effect, then fails, as when a connection drops after the server committed: the
         * ambiguous case that retries of saves must handle.
         */
        LOST_REPLY(EnumSet.allOf(Operation.class)),
        /**
         * A save stores only the first half of the data, then fails: a torn write of a backend without
         * atomic uploads. It breaks the storage contract on purpose, so that tests prove the layers above
         * notice such objects.
         */
        TRUNCATE(EnumSet.of(Operation.SAVE)),
        /** A load returns the data with its middle byte inverted; an empty object is returned as it is. */
        CORRUPT(EnumSet.of(Operation.LOAD)),
        /** The call blocks until it is interrupted or the hang limit passes, then fails. */
        HANG(EnumSet.allOf(Operation.class));

        private final Set<Operation> applies;

        Effect(Set<Operation> applies) {
            this.applies = applies;
        }
    }

    public Fault {
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(hangLimit, "hangLimit");
        operations = operations.isEmpty() ? Set.copyOf(effect.applies) : Set.copyOf(operations);
        kinds = Set.copyOf(kinds);
        if (!effect.applies.containsAll(operations)) {
            throw new IllegalArgumentException("fault " + effect + " applies to " + labels(effect.applies)
                    + " only, not to " + labels(operations));
        }
        if (after < 0 || times < 1) {
            throw new IllegalArgumentException("fault " + effect + ": expected after >= 0 and times >= 1, not after "
                    + after + " and times " + times);
        }
        if (effect == Effect.HANG ? !hangLimit.isPositive() : !hangLimit.isZero()) {
            throw new IllegalArgumentException("fault " + effect + ": a hang limit must be positive for HANG"
                    + " and zero otherwise, not " + hangLimit);
        }
    }

    /** Every watched call fails. */
    public static Fault fail() {
        return of(Effect.FAIL, Duration.ZERO);
    }

    /** Every watched call takes effect and then fails. */
    public static Fault lostReply() {
        return of(Effect.LOST_REPLY, Duration.ZERO);
    }

    /** Every watched save stores half of its data and fails. */
    public static Fault truncate() {
        return of(Effect.TRUNCATE, Duration.ZERO);
    }

    /** Every watched load returns corrupted data. */
    public static Fault corrupt() {
        return of(Effect.CORRUPT, Duration.ZERO);
    }

    /** Every watched call blocks until interrupted, or fails after {@code limit}. */
    public static Fault hang(Duration limit) {
        return of(Effect.HANG, limit);
    }

    /** Watches only these operations. */
    public Fault on(Operation... watched) {
        return new Fault(effect, Set.of(watched), kinds, after, times, hangLimit);
    }

    /** Watches only calls on objects of these kinds. */
    public Fault in(ObjectKind... watched) {
        return new Fault(effect, operations, Set.of(watched), after, times, hangLimit);
    }

    /** Lets the first {@code calls} watched calls pass. */
    public Fault after(int calls) {
        return new Fault(effect, operations, kinds, calls, times, hangLimit);
    }

    /** Hits only {@code calls} calls, then lets all pass again: a transient fault. */
    public Fault times(int calls) {
        return new Fault(effect, operations, kinds, after, calls, hangLimit);
    }

    boolean watches(Operation operation, ObjectKind kind) {
        return operations.contains(operation) && (kinds.isEmpty() || kinds.contains(kind));
    }

    /** Whether the {@code seen}-th watched call (from 1) is hit. */
    boolean hits(int seen) {
        return seen > after && seen - after <= times;
    }

    private static Fault of(Effect effect, Duration hangLimit) {
        return new Fault(effect, Set.of(), Set.of(), 0, Integer.MAX_VALUE, hangLimit);
    }

    private static String labels(Set<Operation> operations) {
        return operations.stream().sorted().map(Operation::label).toList().toString();
    }
}
