package dev.outcrop.server.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What one client may hold of the server before it is authenticated or while it is slow: the request bodies
 * buffered (per connection and for the whole server), how long a request head and a request body may take to
 * arrive, and how many HTTP/2 streams a connection may have open at once.
 *
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS announced on every HTTP/2 connection
 * @param maxBufferedBytes the bytes of request bodies the whole server buffers at once; a request whose body
 *        would exceed it is refused with 503 (ServiceUnavailableException), which the AWS SDKs retry
 * @param maxConnectionBufferedBytes the bytes of request bodies one connection (all its HTTP/2 streams) buffers
 * @param headerTimeout from the first byte of an HTTP/1.1 request head to its end; not reset by each byte
 * @param bodyTimeout from the end of a request head to the end of its body; not reset by each byte
 */
public record ServerLimits(int maxConcurrentStreams, long maxBufferedBytes, long maxConnectionBufferedBytes,
                           Duration headerTimeout, Duration bodyTimeout) {
    /** The largest request body accepted: InvokeModel bodies may be 25,000,000 bytes, with room for the rest. */
    public static final int MAX_BODY_BYTES = 26 * 1024 * 1024;
    /** The default of {@link #maxConcurrentStreams}. */
    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 128;
    /** The default of {@link #maxConnectionBufferedBytes}: two of the largest bodies. */
    public static final long DEFAULT_MAX_CONNECTION_BUFFERED_BYTES = 2L * MAX_BODY_BYTES;
    /** The default of {@link #headerTimeout}. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** The default of {@link #bodyTimeout}. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(120);

    /** Checks the members. */
    public ServerLimits {
        requireNonNull(headerTimeout, "headerTimeout");
        requireNonNull(bodyTimeout, "bodyTimeout");
        if (maxConcurrentStreams < 1 || maxBufferedBytes < 1 || maxConnectionBufferedBytes < 1
                || headerTimeout.isNegative() || headerTimeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("every server limit must be positive: " + maxConcurrentStreams + ", "
                    + maxBufferedBytes + ", " + maxConnectionBufferedBytes + ", " + headerTimeout + ", " + bodyTimeout);
        }
    }

    /** The defaults, with the server-wide buffer a quarter of this JVM's maximum heap. */
    public static ServerLimits defaults() {
        return new ServerLimits(DEFAULT_MAX_CONCURRENT_STREAMS, defaultMaxBufferedBytes(),
                DEFAULT_MAX_CONNECTION_BUFFERED_BYTES, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT);
    }

    /** A quarter of the maximum heap: what the bodies in flight may take before calls run short of memory. */
    public static long defaultMaxBufferedBytes() {
        return Math.max(Runtime.getRuntime().maxMemory() / 4, MAX_BODY_BYTES);
    }
}
