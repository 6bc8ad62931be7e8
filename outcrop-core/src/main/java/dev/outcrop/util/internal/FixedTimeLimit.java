package dev.outcrop.util.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * Fails futures that are not done within one fixed time limit, checked by a single thread a few times a
 * second. Every future gets the same limit, so deadlines arrive in the order futures were watched: a FIFO
 * queue is the whole timer, and a future done early leaves it as soon as it reaches the head.
 *
 * <p>Why not {@code orTimeout} or a timed {@code get}: on JDK 25 both arm a timer of the common pool's delay
 * scheduler and disarm it on completion, which wakes that scheduler's thread twice a call. Here watching a
 * future is one lock-free enqueue, and a deadline may be missed by at most one check interval.
 */
public final class FixedTimeLimit {
    private final long limitNanos;
    private final String what;
    private final ConcurrentLinkedQueue<Watched> watched = new ConcurrentLinkedQueue<>();

    private record Watched(CompletableFuture<?> future, long deadline) {}

    /**
     * Starts the checking thread (a daemon named {@code name}).
     *
     * @param limit how long a future may take
     * @param checkEvery how often deadlines are checked (the most a deadline may be late)
     * @param name the checking thread's name
     * @param what what is waited for, for the timeout's message
     */
    public FixedTimeLimit(Duration limit, Duration checkEvery, String name, String what) {
        this.limitNanos = limit.toNanos();
        this.what = what;
        long pauseNanos = checkEvery.toNanos();
        Thread.ofPlatform().daemon().name(name).start(() -> {
            while (true) {
                try {
                    TimeUnit.NANOSECONDS.sleep(pauseNanos);
                } catch (InterruptedException e) {
                    return;
                }
                expire(System.nanoTime());
            }
        });
    }

    /** Fails {@code future} with a {@link TimeoutException} if it is not done within the limit; returns it. */
    public <T> CompletableFuture<T> watch(CompletableFuture<T> future) {
        if (!future.isDone()) {
            watched.add(new Watched(future, System.nanoTime() + limitNanos));
        }
        return future;
    }

    /** Fails the watched futures whose deadline is {@code now} or earlier and forgets the done ones ahead of them. */
    void expire(long now) {
        for (Watched head = watched.peek(); head != null; head = watched.peek()) {
            if (!head.future().isDone() && now - head.deadline() < 0) {
                return;
            }
            watched.poll();
            if (!head.future().isDone()) {
                head.future().completeExceptionally(new TimeoutException(what + " took longer than "
                        + TimeUnit.NANOSECONDS.toMillis(limitNanos) + " ms"));
            }
        }
    }

    /** How many futures are watched (done ones not yet at the head included). */
    int size() {
        return watched.size();
    }
}
