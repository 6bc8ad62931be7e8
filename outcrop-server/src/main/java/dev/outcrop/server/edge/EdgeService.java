package dev.outcrop.server.edge;

/** What the edge leads to: an API that answers a request which has its id, its headers and its caller. */
public interface EdgeService {
    /** Answers the request, or throws a {@link dev.outcrop.error.BedrockException} for the edge to render. */
    void serve(Exchange exchange);

    /** Whether the request may be answered without authentication (a health check); no caller is given then. */
    default boolean isPublic(dev.outcrop.server.http.WireRequest head) {
        return false;
    }

    /**
     * How an error the edge answers for this request (a refused signature, an internal error) is written, for an
     * API whose protocol is not Bedrock's JSON (the AWS query protocol's XML); null for Bedrock's.
     */
    default ErrorWriter errorWriter(dev.outcrop.server.http.WireRequest head) {
        return null;
    }

    /** Writes an error answer in a protocol's own shape. */
    @FunctionalInterface
    interface ErrorWriter {
        /** Sends {@code error} as the answer to the exchange. */
        void send(Exchange exchange, dev.outcrop.error.BedrockException error);
    }
}
