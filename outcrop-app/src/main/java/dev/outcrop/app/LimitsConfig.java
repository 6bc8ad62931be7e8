package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outcrop.server.http.ServerLimits;
import java.time.Duration;
import java.util.List;

/**
 * What one client may hold of the server before it is authenticated or while it is slow ({@code server.limits};
 * docs/security.md).
 *
 * @param maxConcurrentStreams the HTTP/2 streams a connection may have open at once
 * @param maxBufferedBytes the bytes of request bodies the whole server buffers at once; 0: a quarter of the heap
 * @param maxConnectionBufferedBytes the bytes of request bodies one connection buffers
 * @param headerTimeout how long an HTTP/1.1 request head may take from its first byte
 * @param bodyTimeout how long a request body may take from the end of its head
 */
public record LimitsConfig(int maxConcurrentStreams, long maxBufferedBytes, long maxConnectionBufferedBytes,
                           Duration headerTimeout, Duration bodyTimeout) {
    static final ConfigOption<Integer> MAX_CONCURRENT_STREAMS = ConfigOption.integer("maxConcurrentStreams",
            ServerLimits.DEFAULT_MAX_CONCURRENT_STREAMS,
            "SETTINGS_MAX_CONCURRENT_STREAMS of every HTTP/2 connection (1..100000)");
    static final ConfigOption<Long> MAX_BUFFERED_BYTES = ConfigOption.longInteger("maxBufferedBytes", 0,
            "request bodies buffered by the whole server at once; 0 = a quarter of the maximum heap. Over it: 503 "
                    + "ServiceUnavailableException (the SDKs retry)");
    static final ConfigOption<Long> MAX_CONNECTION_BUFFERED_BYTES = ConfigOption.longInteger(
            "maxConnectionBufferedBytes", ServerLimits.DEFAULT_MAX_CONNECTION_BUFFERED_BYTES,
            "request bodies buffered by one connection, all its HTTP/2 streams together (two of the largest bodies)");
    static final ConfigOption<Duration> HEADER_TIMEOUT = ConfigOption.millis("headerTimeoutMs",
            ServerLimits.DEFAULT_HEADER_TIMEOUT, "an HTTP/1.1 request head must be complete this long after its first byte");
    static final ConfigOption<Duration> BODY_TIMEOUT = ConfigOption.millis("bodyTimeoutMs",
            ServerLimits.DEFAULT_BODY_TIMEOUT, "a request body must be complete this long after its head; neither "
                    + "deadline moves when a byte arrives. Over it: 408, and the connection closes");
    static final ConfigSection SECTION = new ConfigSection("server.limits", LimitsConfig.class,
            List.of(MAX_CONCURRENT_STREAMS, MAX_BUFFERED_BYTES, MAX_CONNECTION_BUFFERED_BYTES, HEADER_TIMEOUT,
                    BODY_TIMEOUT));
    static final LimitsConfig DEFAULT = new LimitsConfig(null, null, null, null, null);

    /** Fills absent members with their defaults. */
    @JsonCreator
    public LimitsConfig(@JsonProperty("maxConcurrentStreams") Integer maxConcurrentStreams,
                        @JsonProperty("maxBufferedBytes") Long maxBufferedBytes,
                        @JsonProperty("maxConnectionBufferedBytes") Long maxConnectionBufferedBytes,
                        @JsonProperty("headerTimeoutMs") Long headerTimeoutMs,
                        @JsonProperty("bodyTimeoutMs") Long bodyTimeoutMs) {
        this(MAX_CONCURRENT_STREAMS.or(maxConcurrentStreams), MAX_BUFFERED_BYTES.or(maxBufferedBytes),
                MAX_CONNECTION_BUFFERED_BYTES.or(maxConnectionBufferedBytes), HEADER_TIMEOUT.orMillis(headerTimeoutMs),
                BODY_TIMEOUT.orMillis(bodyTimeoutMs));
    }

    /** The transport's limits; a server-wide buffer of 0 becomes a quarter of the maximum heap. */
    public ServerLimits serverLimits() {
        return new ServerLimits(maxConcurrentStreams,
                maxBufferedBytes == 0 ? ServerLimits.defaultMaxBufferedBytes() : maxBufferedBytes,
                maxConnectionBufferedBytes, headerTimeout, bodyTimeout);
    }

    void validate(List<String> errors) {
        if (maxConcurrentStreams < 1 || maxConcurrentStreams > 100_000) {
            errors.add("server.limits.maxConcurrentStreams: " + maxConcurrentStreams + " (expected: 1..100000)");
        }
        if (maxBufferedBytes < 0) {
            errors.add("server.limits.maxBufferedBytes: " + maxBufferedBytes
                    + " (expected: a number of bytes, or 0 for a quarter of the maximum heap)");
        }
        if (maxConnectionBufferedBytes < 1) {
            errors.add("server.limits.maxConnectionBufferedBytes: " + maxConnectionBufferedBytes
                    + " (expected: a positive number of bytes)");
        }
        if (!headerTimeout.isPositive()) {
            errors.add("server.limits.headerTimeoutMs: " + headerTimeout.toMillis() + " (expected: a positive number of ms)");
        }
        if (!bodyTimeout.isPositive()) {
            errors.add("server.limits.bodyTimeoutMs: " + bodyTimeout.toMillis() + " (expected: a positive number of ms)");
        }
    }
}
