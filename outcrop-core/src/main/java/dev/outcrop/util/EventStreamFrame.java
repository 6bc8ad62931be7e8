package dev.outcrop.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * One message of AWS event-stream framing ({@code application/vnd.amazon.eventstream}), the Smithy "Amazon
 * Event Stream" binary format: a 12-byte prelude (total length, headers length, prelude CRC32), headers, the
 * payload, and a CRC32 of everything before it. Big-endian throughout. The server writes frames with it and the
 * Bedrock provider reads them, so both live here rather than in either.
 *
 * @param headers the string headers, in order (other header types are skipped when read)
 * @param payload the payload bytes
 */
public record EventStreamFrame(Map<String, String> headers, byte[] payload) {
    /** The largest frame read: Bedrock's are small, and a larger length is a corrupt or hostile stream. */
    public static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final byte STRING_HEADER = 7;

    /** A header's value, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** Frames a payload with string headers given as name, value pairs, in order. */
    public static byte[] encode(byte[] payload, String... headers) {
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

    /** Decodes one whole frame, checking both CRCs. */
    public static EventStreamFrame decode(byte[] frame) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(frame);
        int total = in.getInt();
        int headersLength = in.getInt();
        int preludeCrc = in.getInt();
        if (total != frame.length || headersLength < 0 || 12 + headersLength + 4 > total) {
            throw new IOException("an event-stream frame with inconsistent lengths");
        }
        CRC32 crc = new CRC32();
        crc.update(frame, 0, 8);
        if ((int) crc.getValue() != preludeCrc) {
            throw new IOException("an event-stream frame whose prelude CRC does not match");
        }
        crc.reset();
        crc.update(frame, 0, total - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(frame, total - 4, 4).getInt()) {
            throw new IOException("an event-stream frame whose message CRC does not match");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int end = 12 + headersLength;
        try {
            while (in.position() < end) {
                byte[] name = new byte[in.get() & 0xff];
                in.get(name);
                byte type = in.get();
                int skip = switch (type) {
                    case 0, 1 -> 0; // true, false
                    case 2 -> 1;
                    case 3 -> 2;
                    case 4 -> 4;
                    case 5, 8 -> 8; // long, timestamp
                    case 6, 7 -> -1; // bytes, string: a 2-byte length follows
                    case 9 -> 16; // uuid
                    default -> throw new IOException("an event-stream header of unknown type " + type);
                };
                if (skip < 0) {
                    byte[] value = new byte[in.getShort() & 0xffff];
                    in.get(value);
                    if (type == STRING_HEADER) {
                        headers.put(new String(name, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
                    }
                } else {
                    in.position(in.position() + skip);
                }
            }
        } catch (RuntimeException e) { // a header running past its frame
            throw new IOException("an event-stream frame with malformed headers", e);
        }
        if (in.position() != end) {
            throw new IOException("an event-stream frame whose headers overrun their length");
        }
        byte[] payload = new byte[total - end - 4];
        System.arraycopy(frame, end, payload, 0, payload.length);
        return new EventStreamFrame(Map.copyOf(headers), payload);
    }

    /** Gathers the pieces of a byte stream as they arrive and hands out the whole frames among them. */
    public static final class Reader {
        private byte[] buffer = new byte[8192];
        private int length;

        /** Adds {@code piece} to what was read so far. */
        public void add(byte[] piece) {
            if (length + piece.length > buffer.length) {
                byte[] larger = new byte[Math.max(buffer.length * 2, length + piece.length)];
                System.arraycopy(buffer, 0, larger, 0, length);
                buffer = larger;
            }
            System.arraycopy(piece, 0, buffer, length, piece.length);
            length += piece.length;
        }

        /** The next whole frame, or null until more bytes arrive. */
        public EventStreamFrame next() throws IOException {
            byte[] frame = nextBytes();
            return frame == null ? null : decode(frame);
        }

        /** The next whole frame's bytes as they arrived (read them with {@link #decode}), or null until more arrive. */
        public byte[] nextBytes() throws IOException {
            if (length < 4) {
                return null;
            }
            int total = ByteBuffer.wrap(buffer, 0, 4).getInt();
            if (total < 16 || total > MAX_FRAME) {
                throw new IOException("an event-stream frame of " + total + " bytes");
            }
            if (length < total) {
                return null;
            }
            byte[] frame = new byte[total];
            System.arraycopy(buffer, 0, frame, 0, total);
            System.arraycopy(buffer, total, buffer, 0, length - total);
            length -= total;
            return frame;
        }

        /** Whether bytes of an unfinished frame are left over. */
        public boolean hasPartialFrame() {
            return length > 0;
        }
    }
}
