package dev.arca.repository.foreign;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Optional;

/**
 * Method handles for C functions. A handle takes and returns Java {@code int}s and {@code long}s where
 * the C function has {@code int}s and 64-bit integers, and {@code Object}s (memory segments) where it has
 * pointers. Every failure (a JDK without the API, native access denied, a missing library or function)
 * gives an empty result, and the caller keeps its Java way.
 */
public final class Downcalls {
    /** A C argument's or result's kind. */
    public enum Kind {
        INT("JAVA_INT", int.class), LONG("JAVA_LONG", long.class), ADDRESS("ADDRESS", Object.class);

        private final String layout;
        private final Class<?> type;

        Kind(String layout, Class<?> type) {
            this.layout = layout;
            this.type = type;
        }
    }

    private Downcalls() {
    }

    /**
     * The function {@code name} of the first of {@code libraries} that loads, or of the C library when
     * {@code libraries} is empty.
     */
    public static Optional<MethodHandle> find(List<String> libraries, String name, Kind result, Kind... arguments) {
        return link(libraries, name, Call.PLAIN, result, arguments).map(Linked::handle);
    }

    /**
     * Like {@link #find}, for a short call that does not block: its pointers may be Java arrays'
     * memory ({@link HeapSegment}), which the JVM keeps in place for the call instead of copying.
     */
    public static Optional<MethodHandle> findCritical(List<String> libraries, String name, Kind result, Kind... arguments) {
        return link(libraries, name, Call.CRITICAL, result, arguments).map(Linked::handle);
    }

    /** How a function is linked: as it is, giving errno too, or as a critical call taking Java arrays. */
    private enum Call { PLAIN, ERRNO, CRITICAL }

    /**
     * A C library function whose handle also gives {@code errno}: it takes one more argument, first, the
     * memory ({@link Linked#stateBytes} long) where the call leaves it, at {@link Linked#errnoOffset}.
     * Read at once after the call: the JVM's own work may change the thread's {@code errno} at any time.
     */
    public static Optional<Linked> withErrno(String name, Kind result, Kind... arguments) {
        return link(List.of(), name, Call.ERRNO, result, arguments);
    }

    /** A linked function, and where it leaves {@code errno} when it was linked to give it. */
    public record Linked(MethodHandle handle, long stateBytes, long errnoOffset) {
    }

    private static Optional<Linked> link(List<String> libraries, String name, Call call, Kind result, Kind... arguments) {
        boolean errno = call == Call.ERRNO;
        if (Runtime.version().feature() < 22) {
            return Optional.empty();
        }
        try {
            Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueLayout = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> symbolsType = Class.forName("java.lang.foreign.SymbolLookup");
            Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Optional<Object> symbols = libraries.isEmpty()
                    ? Optional.of(linkerType.getMethod("defaultLookup").invoke(linker))
                    : library(libraries, symbolsType);
            if (symbols.isEmpty()) {
                return Optional.empty();
            }
            Optional<?> symbol = (Optional<?>) symbolsType.getMethod("find", String.class).invoke(symbols.get(), name);
            if (symbol.isEmpty()) {
                return Optional.empty();
            }
            Object layouts = Array.newInstance(layoutType, arguments.length);
            Class<?>[] types = new Class<?>[arguments.length + (errno ? 1 : 0)];
            int first = errno ? 1 : 0;
            if (errno) {
                types[0] = Object.class; // where the call leaves errno
            }
            for (int i = 0; i < arguments.length; i++) {
                Array.set(layouts, i, valueLayout.getField(arguments[i].layout).get(null));
                types[first + i] = arguments[i].type;
            }
            Object descriptor = descriptorType.getMethod("of", layoutType, layouts.getClass())
                    .invoke(null, valueLayout.getField(result.layout).get(null), layouts);
            Object options = Array.newInstance(optionType, call == Call.PLAIN ? 0 : 1);
            if (call == Call.CRITICAL) {
                Array.set(options, 0, optionType.getMethod("critical", boolean.class).invoke(null, true));
            }
            long stateBytes = 0;
            long errnoOffset = 0;
            if (errno) {
                Array.set(options, 0, optionType.getMethod("captureCallState", String[].class)
                        .invoke(null, (Object) new String[] {"errno"}));
                Object state = optionType.getMethod("captureStateLayout").invoke(null);
                stateBytes = (long) layoutType.getMethod("byteSize").invoke(state);
                Class<?> pathType = Class.forName("java.lang.foreign.MemoryLayout$PathElement");
                Object path = Array.newInstance(pathType, 1);
                Array.set(path, 0, pathType.getMethod("groupElement", String.class).invoke(null, "errno"));
                errnoOffset = (long) layoutType.getMethod("byteOffset", path.getClass()).invoke(state, path);
            }
            MethodHandle handle = (MethodHandle) linkerType.getMethod("downcallHandle", segmentType, descriptorType,
                    options.getClass()).invoke(linker, symbol.get(), descriptor, options);
            return Optional.of(new Linked(handle.asType(MethodType.methodType(result.type, types)), stateBytes, errnoOffset));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Whether a C pointer, and so {@code size_t}, is 64 bits wide: then {@link Kind#LONG} passes a {@code size_t}. */
    public static boolean sizeIsLong() {
        try {
            Object address = Class.forName("java.lang.foreign.ValueLayout").getField("ADDRESS").get(null);
            return (long) Class.forName("java.lang.foreign.MemoryLayout").getMethod("byteSize").invoke(address) == 8;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<Object> library(List<String> libraries, Class<?> symbolsType) throws ReflectiveOperationException {
        Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
        Object global = arenaType.getMethod("global").invoke(null);
        for (String library : libraries) {
            try {
                return Optional.of(symbolsType.getMethod("libraryLookup", String.class, arenaType).invoke(null, library, global));
            } catch (InvocationTargetException e) {
                // not this name; try the next
            }
        }
        return Optional.empty();
    }
}
