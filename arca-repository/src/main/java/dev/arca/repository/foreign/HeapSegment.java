package dev.arca.repository.foreign;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Java arrays as memory segments, for the pointers of calls linked with {@link Downcalls#findCritical}:
 * C then reads and writes the array where it lies, with no copy into native memory. Reached through
 * method handles, as {@link NativeMemory} is, because this code is compiled for Java 21.
 */
public final class HeapSegment {
    private static final MethodHandle OF_BYTES;
    private static final MethodHandle OF_LONGS;
    private static final MethodHandle SLICE;
    private static final Object NULL;

    static {
        MethodHandle ofBytes = null;
        MethodHandle ofLongs = null;
        MethodHandle slice = null;
        Object none = null;
        if (Runtime.version().feature() >= 22) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                ofBytes = lookup.findStatic(segment, "ofArray", MethodType.methodType(segment, byte[].class))
                        .asType(MethodType.methodType(Object.class, byte[].class));
                ofLongs = lookup.findStatic(segment, "ofArray", MethodType.methodType(segment, long[].class))
                        .asType(MethodType.methodType(Object.class, long[].class));
                slice = lookup.findVirtual(segment, "asSlice", MethodType.methodType(segment, long.class, long.class))
                        .asType(MethodType.methodType(Object.class, Object.class, long.class, long.class));
                none = segment.getField("NULL").get(null);
            } catch (ReflectiveOperationException e) {
                ofBytes = null; // not available
            }
        }
        OF_BYTES = ofBytes;
        OF_LONGS = ofLongs;
        SLICE = slice;
        NULL = none;
    }

    private HeapSegment() {
    }

    /** Whether this JDK has the API. */
    public static boolean available() {
        return OF_BYTES != null;
    }

    /** The C null pointer, as a segment; only where {@link #available()}. */
    public static Object nullPointer() {
        return NULL;
    }

    /** {@code length} bytes of {@code array} from {@code offset}; only where {@link #available()}. */
    public static Object of(byte[] array, int offset, int length) {
        try {
            Object whole = (Object) OF_BYTES.invokeExact(array);
            return offset == 0 && length == array.length ? whole : (Object) SLICE.invokeExact(whole, (long) offset, (long) length);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot view a byte array as a memory segment", e);
        }
    }

    /** The whole of {@code array}, for a C {@code size_t *}; only where {@link #available()}. */
    public static Object of(long[] array) {
        try {
            return (Object) OF_LONGS.invokeExact(array);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot view a long array as a memory segment", e);
        }
    }
}
