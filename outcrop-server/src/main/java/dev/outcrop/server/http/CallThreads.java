package dev.outcrop.server.http;

import dev.outcrop.util.CarrierThreads;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The virtual threads that answer requests, a thread a request. Where the JVM allows it
 * ({@link CarrierThreads}), a request's thread runs on the event loop of its connection: the thread
 * handing it the request, the one reading its backend's answer and the one writing its own answer are then
 * one thread, and only the ledger's commit hands a call to another thread and back. Elsewhere, the JDK's
 * shared scheduler runs them.
 */
final class CallThreads {
    private final Map<EventExecutor, ExecutorService> byLoop = new IdentityHashMap<>();
    private final ExecutorService shared;

    CallThreads(EventLoopGroup loops, boolean onLoops) {
        this.shared = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("outcrop-request-", 0).factory());
        if (onLoops) {
            int index = 0;
            for (EventExecutor loop : loops) {
                Optional<ThreadFactory> threads = CarrierThreads.virtualThreadsOn(loop, "outcrop-request-" + index++ + "-");
                threads.ifPresent(factory -> byLoop.put(loop, Executors.newThreadPerTaskExecutor(factory)));
            }
        }
    }

    /** Whether requests run on their connections' event loops. */
    boolean onLoops() {
        return !byLoop.isEmpty();
    }

    /** Where a request that came in on {@code loop} runs. */
    ExecutorService on(EventExecutor loop) {
        ExecutorService executor = byLoop.get(loop);
        return executor != null ? executor : shared;
    }

    /** Stops taking requests, lets those in flight finish for up to {@code seconds}, then interrupts them. */
    void close(long seconds) {
        List<ExecutorService> all = new ArrayList<>(byLoop.values());
        all.add(shared);
        all.forEach(ExecutorService::shutdown);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            for (ExecutorService executor : all) {
                executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.forEach(ExecutorService::shutdownNow);
    }
}
