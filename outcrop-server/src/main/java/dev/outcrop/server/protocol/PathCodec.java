package dev.outcrop.server.protocol;

import dev.outcrop.error.ValidationException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of one path segment. Unlike form decoding, {@code +} stays {@code +}: a model id
 * never contains a space, and the SDKs encode one as {@code %20}.
 */
public final class PathCodec {
    private PathCodec() {}

    /**
     * Decodes {@code %XX} escapes of one raw segment as UTF-8.
     *
     * @throws ValidationException for a truncated or non-hex escape
     */
    public static String decodeSegment(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw malformed(raw);
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw malformed(raw);
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ValidationException malformed(String raw) {
        return new ValidationException("The request path has a malformed percent-encoding: " + raw);
    }
}
