package dev.outcrop.server.protocol;

import dev.outcrop.error.BedrockException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * AWS event-stream framing ({@code application/vnd.amazon.eventstream}), the Smithy "Amazon Event Stream"
 * binary format: a 12-byte prelude (total length, headers length, prelude CRC32), string headers, the
 * JSON payload, and a CRC32 of everything before it. Big-endian throughout.
 */
public final class EventStreamEncoder {
    private static final byte STRING_HEADER = 7;

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
        ByteArrayOutputStream headerBytes = new ByteArrayOutputStream(128);
        for (int i = 0; i < headers.length; i += 2) {
            byte[] name = headers[i].getBytes(StandardCharsets.UTF_8);
            byte[] value = headers[i + 1].getBytes(StandardCharsets.UTF_8);
            headerBytes.write(name.length);
            headerBytes.writeBytes(name);
            headerBytes.write(STRING_HEADER);
            headerBytes.write(value.length >>> 8);
            headerBytes.write(value.length);
            headerBytes.writeBytes(value);
        }
        int headersLength = headerBytes.size();
        int total = 12 + headersLength + payload.length + 4;
        ByteBuffer frame = ByteBuffer.allocate(total);
        frame.putInt(total).putInt(headersLength);
        CRC32 crc = new CRC32();
        crc.update(frame.array(), 0, 8);
        frame.putInt((int) crc.getValue());
        frame.put(headerBytes.toByteArray()).put(payload);
        crc.reset();
        crc.update(frame.array(), 0, total - 4);
        frame.putInt((int) crc.getValue());
        return frame.array();
    }
}
