package dev.outcrop.server.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies buffered by the whole server and by each connection, each under its limit, as
 * Envoy's overload manager bounds its buffers: a body that would go over is refused instead of filling the heap.
 * When the server's budget is short, the largest body still arriving gives way first (Envoy's
 * {@code reset_high_memory_stream}): uploads that are never finished cannot keep a small call out.
 */
final class BodyBudget {
    private final long serverLimit;
    private final long connectionLimit;
    private final AtomicLong server = new AtomicLong();
    /** The bytes of evicted bodies not given back yet: they count as free, being on their way out. */
    private final AtomicLong evicting = new AtomicLong();
    /** The bodies still arriving, which may be evicted to make room. */
    private final Set<BodyBuffer> arriving = ConcurrentHashMap.newKeySet();

    BodyBudget(long serverLimit, long connectionLimit) {
        this.serverLimit = serverLimit;
        this.connectionLimit = connectionLimit;
    }

    /** A new connection's account. */
    Account connection() {
        return new Account();
    }

    /** The bytes buffered by the whole server now. */
    long buffered() {
        return server.get();
    }

    /** {@code body} is arriving: it may be evicted from now until {@link #arrived}. */
    void arriving(BodyBuffer body) {
        arriving.add(body);
    }

    /** {@code body} is whole (or gone): it is no longer evicted. */
    void arrived(BodyBuffer body) {
        arriving.remove(body);
    }

    /**
     * Evicts the largest body arriving, other than {@code requester}, if it holds more than {@code requester}: it is
     * refused on its own event loop, and the bytes it holds count as free until it gives them back. Takes no lock
     * (two event loops may each be making room for the other's body). Returns the bytes freed, or 0.
     */
    private long evictLargerThan(BodyBuffer requester) {
        BodyBuffer largest = null;
        for (BodyBuffer body : arriving) {
            if (body != requester && (largest == null || body.reserved() > largest.reserved())) {
                largest = body;
            }
        }
        if (largest == null || largest.reserved() <= requester.reserved() || !arriving.remove(largest)) {
            return 0;
        }
        long freed = largest.evict();
        evicting.addAndGet(freed);
        return freed;
    }

    /** An evicted body gave back what it held: its bytes no longer count as free. */
    void evicted(long freed) {
        evicting.addAndGet(-freed);
    }

    /** One connection's share: the bytes its requests (all its HTTP/2 streams) hold. */
    final class Account {
        private final AtomicLong held = new AtomicLong();

        /**
         * Takes {@code bytes} for {@code requester} from this connection's and the server's budgets, evicting larger
         * bodies still arriving when the server's is short; false (taking nothing) when there is no room.
         */
        boolean reserve(long bytes, BodyBuffer requester) {
            if (held.addAndGet(bytes) > connectionLimit) {
                held.addAndGet(-bytes);
                return false;
            }
            while (server.addAndGet(bytes) > serverLimit + evicting.get()) {
                server.addAndGet(-bytes);
                if (evictLargerThan(requester) == 0) {
                    held.addAndGet(-bytes);
                    return false;
                }
            }
            return true;
        }

        /** Gives back bytes {@link #reserve}d. */
        void release(long bytes) {
            held.addAndGet(-bytes);
            server.addAndGet(-bytes);
        }
    }
}
