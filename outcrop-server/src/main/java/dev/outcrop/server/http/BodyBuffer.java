package dev.outcrop.server.http;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The body of one request as it arrives, in one array charged to the {@link BodyBudget} before it grows. With a
 * {@code Content-Length} the array ends exactly that long, so the handler gets it without another copy; the
 * array grows as bytes arrive, never ahead of them, so a length that is claimed but never sent costs nothing.
 */
final class BodyBuffer {
    private static final byte[] EMPTY = new byte[0];
    private static final int FIRST_CAPACITY = 8192;

    /** What {@link #append} did. */
    enum Outcome { APPENDED, TOO_LARGE, OVER_BUDGET, RELEASED }

    private final BodyBudget budget;
    private final BodyBudget.Account account;
    private final long expected;
    /** Refuses the request, on its event loop, when its body is evicted to make room for another. */
    private final Runnable onEvicted;
    private byte[] bytes = EMPTY;
    private int size;
    /** Written under this buffer's lock, read without it (by another event loop making room). */
    private volatile long reserved;
    /** The bytes counted as free when this body was evicted, given back to the budget with the body; 0 if not. */
    private volatile long evictedBytes;
    private volatile boolean evicted;
    private boolean released;
    private boolean evictable;

    /**
     * A buffer, which may be evicted once {@link #mayBeEvicted} said so, until {@link #arrived}.
     *
     * @param expected the {@code Content-Length}, or -1 when the body is chunked
     * @param onEvicted what refuses the request when its body is evicted (called on any thread)
     */
    BodyBuffer(BodyBudget budget, BodyBudget.Account account, long expected, Runnable onEvicted) {
        this.budget = budget;
        this.account = account;
        this.expected = expected;
        this.onEvicted = onEvicted;
    }

    /** Copies the readable bytes of {@code content} in (leaving its reader index alone). */
    synchronized Outcome append(ByteBuf content) {
        int length = content.readableBytes();
        if (released || evicted) {
            return Outcome.RELEASED;
        }
        if (length == 0) {
            return Outcome.APPENDED;
        }
        long needed = (long) size + length;
        if (needed > ServerLimits.MAX_BODY_BYTES) {
            return Outcome.TOO_LARGE;
        }
        if (needed > bytes.length) {
            int capacity = capacityFor(needed);
            if (!account.reserve(capacity - reserved, this)) {
                return Outcome.OVER_BUDGET;
            }
            reserved = capacity;
            bytes = Arrays.copyOf(bytes, capacity);
        }
        content.getBytes(content.readerIndex(), bytes, size, length);
        size += length;
        return Outcome.APPENDED;
    }

    private int capacityFor(long needed) {
        long doubled = Math.max(needed, Math.max(FIRST_CAPACITY, 2L * bytes.length));
        long capacity = expected >= needed ? Math.min(expected, doubled) : doubled;
        return (int) Math.min(capacity, ServerLimits.MAX_BODY_BYTES);
    }

    /** The bytes this buffer holds of the budget. */
    long reserved() {
        return reserved;
    }

    /**
     * Has the request refused on its event loop, which gives its bytes back: a smaller body needs the room. Takes no
     * lock. Returns the bytes it holds, which count as free meanwhile.
     */
    long evict() {
        long bytes = reserved;
        evictedBytes = bytes;
        evicted = true;
        onEvicted.run();
        return bytes;
    }

    /** The body is still arriving after its first reads: it may be evicted to make room for another. */
    synchronized void mayBeEvicted() {
        if (!evictable && !released) {
            evictable = true;
            budget.arriving(this);
        }
    }

    /** The body is whole: it is no longer evicted. */
    synchronized void arrived() {
        if (evictable) {
            evictable = false;
            budget.arrived(this);
        }
    }

    /** The body received; the buffer's own array when it is exactly full. */
    synchronized byte[] bytes() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    /** Gives the budget back (once); later appends are refused. */
    synchronized void release() {
        arrived();
        if (!released) {
            released = true;
            account.release(reserved);
            if (evicted) {
                budget.evicted(evictedBytes);
            }
            bytes = EMPTY;
        }
    }
}
