package dev.outcrop.server.edge;

import static java.util.Objects.requireNonNull;

import dev.outcrop.server.http.WireRequest;

/** Sends requests whose raw path starts with a prefix to one service, and every other to another. */
public final class PathPrefixService implements EdgeService {
    private final String prefix;
    private final EdgeService matching;
    private final EdgeService others;

    /** Creates the dispatcher. */
    public PathPrefixService(String prefix, EdgeService matching, EdgeService others) {
        this.prefix = requireNonNull(prefix, "prefix");
        this.matching = requireNonNull(matching, "matching");
        this.others = requireNonNull(others, "others");
    }

    @Override
    public void serve(Exchange exchange) {
        of(exchange.request()).serve(exchange);
    }

    @Override
    public boolean isPublic(WireRequest head) {
        return of(head).isPublic(head);
    }

    @Override
    public ErrorWriter errorWriter(WireRequest head) {
        return of(head).errorWriter(head);
    }

    private EdgeService of(WireRequest request) {
        return request.rawPath().startsWith(prefix) ? matching : others;
    }
}
