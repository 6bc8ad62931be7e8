package dev.outcrop.server.http;

/** Answers one request; called on a virtual thread, so it may block. */
@FunctionalInterface
public interface RequestHandler {
    /** Handles {@code request}, writing the answer to {@code response}. Must not throw. */
    void handle(WireRequest request, ResponseChannel response);
}
