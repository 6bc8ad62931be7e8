package dev.outcrop.server.edge;

import static java.util.Objects.requireNonNull;

import dev.outcrop.server.auth.Authenticator;
import dev.outcrop.server.http.WireRequest;
import java.util.function.Predicate;

/**
 * Establishes the caller of every request but a public one. A body still arriving is admitted only once its head
 * authenticates, as far as a head can, so that a stranger's body is never buffered.
 */
final class Authentication implements EdgeDecorator {
    private final Authenticator authenticator;
    private final Predicate<WireRequest> isPublic;

    Authentication(Authenticator authenticator, Predicate<WireRequest> isPublic) {
        this.authenticator = requireNonNull(authenticator, "authenticator");
        this.isPublic = requireNonNull(isPublic, "isPublic");
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        if (!isPublic.test(exchange.request())) {
            exchange.caller(authenticator.authenticate(exchange.request()));
        }
        next.handle(exchange);
    }

    @Override
    public boolean admit(Exchange exchange, Next next) {
        if (!isPublic.test(exchange.request())) {
            authenticator.admit(exchange.request());
        }
        return next.admit(exchange);
    }
}
