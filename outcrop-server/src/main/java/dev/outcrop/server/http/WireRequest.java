package dev.outcrop.server.http;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as it arrived, before any decoding of its path.
 *
 * @param method the HTTP method
 * @param rawPath the path exactly as sent, still percent-encoded (a model id may hold {@code %2F})
 * @param rawQuery the query string without {@code ?}, or empty
 * @param query the decoded query parameters
 * @param headers the headers (for HTTP/2, {@code :authority} arrives as {@code Host})
 * @param body the body bytes, empty when none
 * @param http2 whether the request came over HTTP/2
 * @param remoteAddress the peer
 */
public record WireRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> query,
                          HttpHeaders headers, byte[] body, boolean http2, SocketAddress remoteAddress) {
    /** Checks the members. */
    public WireRequest {
        requireNonNull(method, "method");
        requireNonNull(rawPath, "rawPath");
        requireNonNull(rawQuery, "rawQuery");
        requireNonNull(query, "query");
        requireNonNull(headers, "headers");
        requireNonNull(body, "body");
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The first value of a query parameter, or null. */
    public String queryParameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
