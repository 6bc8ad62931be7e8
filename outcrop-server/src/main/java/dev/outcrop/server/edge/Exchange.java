package dev.outcrop.server.edge;

import static java.util.Objects.requireNonNull;

import dev.outcrop.server.auth.Caller;
import dev.outcrop.server.http.ResponseChannel;
import dev.outcrop.server.http.WireRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One request on its way through the edge: what the decorators learned of it (its id, its caller) and the headers
 * every answer to it carries, in the order the decorators added them.
 */
public final class Exchange {
    /** The header every SDK reads the request id from. */
    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

    private final WireRequest request;
    private final ResponseChannel response;
    private final long startNanos;
    private final Map<String, Supplier<String>> headers = new LinkedHashMap<>();
    private String requestId;
    private Caller caller;

    Exchange(WireRequest request, ResponseChannel response, long startNanos) {
        this.request = requireNonNull(request, "request");
        this.response = requireNonNull(response, "response");
        this.startNanos = startNanos;
    }

    /** The request; for an admission, its head with an empty body. */
    public WireRequest request() {
        return request;
    }

    /** Where the answer goes. */
    public ResponseChannel response() {
        return response;
    }

    /** When the request reached the edge ({@link System#nanoTime}). */
    public long startNanos() {
        return startNanos;
    }

    /** The id sent back in {@value #REQUEST_ID_HEADER}. */
    public String requestId() {
        return requestId;
    }

    /** Who sent the request; null for a public resource. */
    public Caller caller() {
        return caller;
    }

    void requestId(String id) {
        this.requestId = requireNonNull(id, "id");
        headers.put(REQUEST_ID_HEADER, () -> id);
    }

    void caller(Caller caller) {
        this.caller = caller;
    }

    /** Adds a header to every answer; its value is taken when the answer is written (a date must be current then). */
    void header(String name, Supplier<String> value) {
        headers.put(name, value);
    }

    /** The headers of an answer: those of every answer, then {@code Content-Type} unless null. */
    public Map<String, String> headers(String contentType) {
        Map<String, String> answer = new LinkedHashMap<>();
        headers.forEach((name, value) -> answer.put(name, value.get()));
        if (contentType != null) {
            answer.put("Content-Type", contentType);
        }
        return answer;
    }
}
