package dev.outcrop.server.http;

import static java.util.Objects.requireNonNull;

/** Sends requests whose raw path starts with a prefix to one handler, and every other to another. */
public final class PathPrefixHandler implements RequestHandler {
    private final String prefix;
    private final RequestHandler matching;
    private final RequestHandler others;

    /** Creates the dispatcher. */
    public PathPrefixHandler(String prefix, RequestHandler matching, RequestHandler others) {
        this.prefix = requireNonNull(prefix, "prefix");
        this.matching = requireNonNull(matching, "matching");
        this.others = requireNonNull(others, "others");
    }

    @Override
    public void handle(WireRequest request, ResponseChannel response) {
        (request.rawPath().startsWith(prefix) ? matching : others).handle(request, response);
    }

    @Override
    public boolean admit(WireRequest head, ResponseChannel response) {
        return (head.rawPath().startsWith(prefix) ? matching : others).admit(head, response);
    }
}
