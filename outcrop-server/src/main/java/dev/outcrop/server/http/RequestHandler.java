package dev.outcrop.server.http;

/** Answers one request; called on a virtual thread, so it may block. */
@FunctionalInterface
public interface RequestHandler {
    /** Handles {@code request}, writing the answer to {@code response}. Must not throw. */
    void handle(WireRequest request, ResponseChannel response);

    /**
     * Decides from the head alone, before the rest of the body is read, whether a request whose body is still
     * arriving may go on: true to have the body read and {@link #handle} called with the whole request, or false
     * once a refusal was written to {@code response} (the connection, or the HTTP/2 stream, then closes: the body
     * is never read). {@code head} carries an empty body. Called on the call's virtual thread; must not throw. The
     * default admits every request.
     */
    default boolean admit(WireRequest head, ResponseChannel response) {
        return true;
    }
}
