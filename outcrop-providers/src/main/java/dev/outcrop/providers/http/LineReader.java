package dev.outcrop.providers.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The lines of a response body (server-sent events), decoded as UTF-8 once each is whole: a line may span
 * pieces, and a multi-byte character may be split between two.
 */
public final class LineReader {
    private final UpstreamResponse response;
    private byte[] piece = new byte[0];
    private int position;
    private byte[] partial = new byte[64];
    private int partialLength;

    public LineReader(UpstreamResponse response) {
        this.response = response;
    }

    /** The next line without its {@code \n} or {@code \r\n}; {@code null} at the end of the body. */
    public String readLine() throws IOException, InterruptedException {
        while (true) {
            for (int i = position; i < piece.length; i++) {
                if (piece[i] == '\n') {
                    String line = line(piece, position, i);
                    position = i + 1;
                    return line;
                }
            }
            keep(piece, position, piece.length);
            position = piece.length;
            byte[] next = response.next();
            if (next == null) {
                return partialLength == 0 ? null : line(piece, position, position);
            }
            piece = next;
            position = 0;
        }
    }

    private String line(byte[] bytes, int from, int to) {
        int end = to;
        String line;
        if (partialLength == 0) {
            if (end > from && bytes[end - 1] == '\r') {
                end--;
            }
            line = new String(bytes, from, end - from, StandardCharsets.UTF_8);
        } else {
            keep(bytes, from, to);
            int length = partialLength;
            if (length > 0 && partial[length - 1] == '\r') {
                length--;
            }
            line = new String(partial, 0, length, StandardCharsets.UTF_8);
            partialLength = 0;
        }
        return line;
    }

    private void keep(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length == 0) {
            return;
        }
        if (partialLength + length > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + length));
        }
        System.arraycopy(bytes, from, partial, partialLength, length);
        partialLength += length;
    }
}
