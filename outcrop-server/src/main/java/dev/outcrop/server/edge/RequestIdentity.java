package dev.outcrop.server.edge;

import dev.outcrop.util.RequestIds;

/** Gives the request its id, sent back in {@code x-amzn-RequestId} and named in its logs and internal errors. */
final class RequestIdentity implements EdgeDecorator {
    @Override
    public void handle(Exchange exchange, Next next) {
        exchange.requestId(RequestIds.next());
        next.handle(exchange);
    }

    @Override
    public boolean admit(Exchange exchange, Next next) {
        exchange.requestId(RequestIds.next());
        return next.admit(exchange);
    }
}
