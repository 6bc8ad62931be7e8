package dev.outcrop.server.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * A request target ({@code path?query}) as routing needs it: the path and the query exactly as sent (a
 * {@code modelId} label may hold an encoded ARN), and the query's parameters decoded.
 *
 * @param query the decoded parameters, or null when an escape in the query is malformed (the caller answers 400)
 */
record RequestTarget(String rawPath, String rawQuery, Map<String, List<String>> query) {
    static RequestTarget of(String uri) {
        int question = uri.indexOf('?');
        String rawPath = question < 0 ? uri : uri.substring(0, question);
        String rawQuery = question < 0 ? "" : uri.substring(question + 1);
        Map<String, List<String>> query;
        try {
            query = new QueryStringDecoder(rawQuery, false).parameters();
        } catch (IllegalArgumentException malformed) {
            query = null;
        }
        return new RequestTarget(rawPath, rawQuery, query);
    }
}
