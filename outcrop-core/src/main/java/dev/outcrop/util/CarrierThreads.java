package dev.outcrop.util;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads run by a given executor (an event loop) instead of the JDK's shared scheduler, where the
 * JDK lets it: the JDK has the constructor for it ({@code java.lang.ThreadBuilders.VirtualThreadBuilder(Executor)})
 * but not as a public API, so it takes {@code --add-opens java.base/java.lang=ALL-UNNAMED}, and a JDK of
 * release 24 or later (before it, a virtual thread blocked in {@code synchronized} held its carrier, which
 * an event loop cannot give up).
 */
public final class CarrierThreads {
    /** The JVM option that lets this class give virtual threads a scheduler. */
    public static final String REQUIRED_OPTION = "--add-opens java.base/java.lang=ALL-UNNAMED";
    private static final Constructor<?> BUILDER = builder();
    private static final MethodHandle CURRENT_CARRIER = currentCarrier();

    private CarrierThreads() {}

    /** Whether virtual threads can be given their own scheduler in this JVM. */
    public static boolean available() {
        return BUILDER != null && CURRENT_CARRIER != null;
    }

    /**
     * A factory of virtual threads that {@code scheduler} runs, named {@code name} and a number; empty where
     * {@link #available() not available}.
     */
    public static Optional<ThreadFactory> virtualThreadsOn(Executor scheduler, String name) {
        if (!available()) {
            return Optional.empty();
        }
        try {
            return Optional.of(((Thread.Builder.OfVirtual) BUILDER.newInstance(scheduler)).name(name, 0).factory());
        } catch (ReflectiveOperationException | RuntimeException e) { // continuations unsupported on this VM
            return Optional.empty();
        }
    }

    /** The platform thread running the current thread: itself, unless it is virtual. */
    public static Thread current() {
        Thread current = Thread.currentThread();
        if (!current.isVirtual() || CURRENT_CARRIER == null) {
            return current;
        }
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable e) {
            return current;
        }
    }

    private static Constructor<?> builder() {
        if (Runtime.version().feature() < 24) {
            return null;
        }
        try {
            Constructor<?> constructor = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                    .getDeclaredConstructor(Executor.class);
            constructor.setAccessible(true);
            return constructor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not opened to us (InaccessibleObjectException), or not this JDK's internals
        }
    }

    private static MethodHandle currentCarrier() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            return lookup.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
