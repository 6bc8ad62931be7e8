package dev.outcrop.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * RFC 9112 section 6.1 for an HTTP/1.1 request's {@code Transfer-Encoding}: the only transfer coding Outcrop
 * decodes is {@code chunked}, and it must be the last one applied. Anything else would leave the body's length to
 * a {@code Content-Length} the sender did not mean (request smuggling through a proxy that reads it otherwise).
 */
final class TransferCodings {
    private TransferCodings() {}

    /** Why the request's transfer codings cannot be served, or null when they can (none, or {@code chunked}). */
    static String problem(HttpHeaders headers) {
        List<String> values = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (values.isEmpty()) {
            return null;
        }
        List<String> codings = new java.util.ArrayList<>();
        for (String value : values) {
            for (String coding : value.split(",", -1)) {
                if (!coding.isBlank()) {
                    codings.add(coding.strip());
                }
            }
        }
        if (codings.isEmpty()) {
            return "The Transfer-Encoding header is empty.";
        }
        String last = codings.getLast();
        if (!last.equalsIgnoreCase("chunked")) {
            return "The final transfer coding must be chunked, not '" + last + "'.";
        }
        if (codings.size() > 1) {
            String first = codings.getFirst();
            return first.equalsIgnoreCase("chunked") ? "The chunked transfer coding may be applied only once."
                    : "The transfer coding '" + first + "' is not supported; only chunked is.";
        }
        return null;
    }
}
