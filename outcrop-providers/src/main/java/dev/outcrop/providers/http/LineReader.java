package dev.outcrop.providers.http;

import java.io.IOException;
import java.util.Arrays;

/**
 * The lines of a response body (server-sent events), each handed out once it is whole (a line may span
 * pieces, and a multi-byte character may be split between two): as bytes ({@link #next}) or decoded as
 * UTF-8 ({@link #readLine}).
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
        Line line = next();
        return line == null ? null : line.text();
    }

    /**
     * The next line as bytes, without its {@code \n} or {@code \r\n}; {@code null} at the end of the body.
     * The line is a view of this reader's buffers: it is valid until the next call.
     */
    public Line next() throws IOException, InterruptedException {
        while (true) {
            for (int i = position; i < piece.length; i++) {
                if (piece[i] == '\n') {
                    Line line = line(piece, position, i);
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

    private Line line(byte[] bytes, int from, int to) {
        if (partialLength == 0) {
            return withoutCarriageReturn(bytes, from, to);
        }
        keep(bytes, from, to);
        Line line = withoutCarriageReturn(partial, 0, partialLength);
        partialLength = 0; // the view stays valid: the buffer is only written again by the next call
        return line;
    }

    private static Line withoutCarriageReturn(byte[] bytes, int from, int to) {
        return new Line(bytes, from, to > from && bytes[to - 1] == '\r' ? to - 1 : to);
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
