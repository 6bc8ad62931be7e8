package dev.outcrop.server.edge;

/** What the edge leads to: an API that answers a request which has its id, its headers and its caller. */
public interface EdgeService {
    /** Answers the request, or throws a {@link dev.outcrop.error.BedrockException} for the edge to render. */
    void serve(Exchange exchange);

    /** Whether the request may be answered without authentication (a health check); no caller is given then. */
    default boolean isPublic(dev.outcrop.server.http.WireRequest head) {
        return false;
    }
}
