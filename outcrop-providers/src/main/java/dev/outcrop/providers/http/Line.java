package dev.outcrop.providers.http;

import java.nio.charset.StandardCharsets;

/**
 * One line of a response body as bytes, {@code bytes[from, to)}, without its line ending: a view that
 * {@link LineReader} reuses, valid until its next line. Server-sent events are ASCII field names and JSON,
 * so they are matched and parsed as bytes, and decoded only when a text is wanted.
 */
public record Line(byte[] bytes, int from, int to) {

    /** The number of bytes. */
    public int length() {
        return to - from;
    }

    /** Whether the line starts with these ASCII characters. */
    public boolean startsWith(String ascii) {
        if (ascii.length() > length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[from + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the line is exactly these ASCII characters. */
    public boolean is(String ascii) {
        return ascii.length() == length() && startsWith(ascii);
    }

    /** The line without its first {@code count} bytes. */
    public Line skip(int count) {
        return new Line(bytes, Math.min(to, from + count), to);
    }

    /** The line without leading and trailing ASCII white space. */
    public Line strip() {
        int start = from;
        int end = to;
        while (start < end && bytes[start] <= ' ') {
            start++;
        }
        while (end > start && bytes[end - 1] <= ' ') {
            end--;
        }
        return start == from && end == to ? this : new Line(bytes, start, end);
    }

    /** The line decoded as UTF-8. */
    public String text() {
        return new String(bytes, from, length(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }
}
