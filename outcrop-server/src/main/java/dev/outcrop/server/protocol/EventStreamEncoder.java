package dev.outcrop.server.protocol;

import dev.outcrop.error.BedrockException;
import dev.outcrop.util.EventStreamFrame;

/**
 * AWS event-stream framing ({@code application/vnd.amazon.eventstream}), the Smithy "Amazon Event Stream"
 * binary format: a 12-byte prelude (total length, headers length, prelude CRC32), string headers, the
 * JSON payload, and a CRC32 of everything before it ({@link EventStreamFrame}).
 */
public final class EventStreamEncoder {
    private EventStreamEncoder() {}

    /** An {@code event} message of union member {@code eventType} with a JSON payload. */
    public static byte[] event(String eventType, byte[] jsonPayload) {
        return frame(jsonPayload, ":event-type", eventType, ":content-type", "application/json",
                ":message-type", "event");
    }

    /** A modelled {@code exception} message, e.g. {@code throttlingException}, with {@code message} and extras. */
    public static byte[] exception(BedrockException error) {
        return frame(ErrorRenderer.body(error), ":exception-type", error.eventStreamName(),
                ":content-type", "application/json", ":message-type", "exception");
    }

    /** Frames a payload with string headers given as name, value pairs, in order. */
    static byte[] frame(byte[] payload, String... headers) {
        return EventStreamFrame.encode(payload, headers);
    }
}
