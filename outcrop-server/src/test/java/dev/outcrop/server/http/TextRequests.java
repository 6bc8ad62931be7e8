package dev.outcrop.server.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Requests written as text, for fuzz targets that start after the HTTP layer: {@code METHOD path?query}, header
 * lines ({@code Name: value}), a blank line, the body. Lines end with {@code \n}.
 */
public final class TextRequests {
    private TextRequests() {}

    /** The request {@code text} stands for, or null when its query is not percent-encoded (the HTTP layer's 400). */
    public static WireRequest parse(String text) {
        int blank = text.indexOf("\n\n");
        String head = blank < 0 ? text : text.substring(0, blank);
        byte[] body = blank < 0 ? new byte[0] : text.substring(blank + 2).getBytes(StandardCharsets.UTF_8);
        List<String> lines = Arrays.asList(head.split("\n", -1));
        String[] target = lines.getFirst().split(" ", 2);
        RequestTarget parsed = RequestTarget.of(target.length > 1 ? target[1] : "/");
        if (parsed.query() == null) {
            return null;
        }
        HttpHeaders headers = new DefaultHttpHeaders(false);
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return new WireRequest(target[0], parsed.rawPath(), parsed.rawQuery(), parsed.query(), headers, body, false, null);
    }
}
