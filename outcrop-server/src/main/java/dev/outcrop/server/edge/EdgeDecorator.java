package dev.outcrop.server.edge;

/** One concern of the edge, wrapped around everything after it in {@link Edge#standard}'s list. */
public interface EdgeDecorator {
    /** Handles a whole request, passing it on with {@code next.handle}. */
    void handle(Exchange exchange, Next next);

    /**
     * Decides on the head of a request whose body is still arriving, passing it on with {@code next.admit}; false once
     * a refusal was written.
     */
    default boolean admit(Exchange exchange, Next next) {
        return next.admit(exchange);
    }

    /** The rest of the chain. */
    interface Next {
        /** Lets the rest of the chain handle the request. */
        void handle(Exchange exchange);

        /** Lets the rest of the chain decide on the head. */
        boolean admit(Exchange exchange);
    }
}
