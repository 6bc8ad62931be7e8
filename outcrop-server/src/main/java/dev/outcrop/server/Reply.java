package dev.outcrop.server;

import java.util.Map;

/** What an operation answers; the endpoint turns it into bytes. */
public sealed interface Reply {

    /** A JSON body with the operation's success status. */
    record Json(Object body) implements Reply {}

    /** A raw body (InvokeModel's model-native payload) with its content type and extra headers. */
    record Bytes(String contentType, byte[] body, Map<String, String> headers) implements Reply {}

    /** An event stream, produced while the response is being written. */
    record Stream(Map<String, String> headers, StreamBody body) implements Reply {}

    /** Writes the frames of a streamed answer. */
    @FunctionalInterface
    interface StreamBody {
        /** Writes every frame to {@code sink}; exceptions after the first frame become exception events. */
        void writeTo(EventSink sink);
    }

    /**
     * Receives encoded stream frames. The response (status 200 and headers) is committed with the first
     * frame: until then a failure is still answered as a plain JSON error.
     */
    interface EventSink {
        /** Adds a response header; only before the first frame. */
        void header(String name, String value);

        /** Sends one complete frame and flushes it. */
        void send(byte[] frame);

        /** Whether the client is still reading. */
        boolean isOpen();
    }

    /** The empty JSON object that operations with no output answer. */
    static Json empty() {
        return new Json(Map.of());
    }
}
