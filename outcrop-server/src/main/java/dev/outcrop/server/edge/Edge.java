package dev.outcrop.server.edge;

import static java.util.Objects.requireNonNull;

import dev.outcrop.server.auth.Authenticator;
import dev.outcrop.server.http.RequestHandler;
import dev.outcrop.server.http.ResponseChannel;
import dev.outcrop.server.http.WireRequest;
import java.util.List;

/** The transport's one handler: a service behind an ordered list of decorators, the first outermost. */
public final class Edge implements RequestHandler {
    private final List<EdgeDecorator> decorators;
    private final EdgeDecorator.Next chain;

    /** Runs every request through {@code decorators}, in order, and then {@code service}. */
    public Edge(List<EdgeDecorator> decorators, EdgeService service) {
        this.decorators = List.copyOf(decorators);
        requireNonNull(service, "service");
        EdgeDecorator.Next next = new EdgeDecorator.Next() {
            @Override
            public void handle(Exchange exchange) {
                service.serve(exchange);
            }

            @Override
            public boolean admit(Exchange exchange) {
                return true;
            }
        };
        for (EdgeDecorator decorator : this.decorators.reversed()) {
            next = new Link(decorator, next);
        }
        this.chain = next;
    }

    /**
     * The edge of every Outcrop API. The order matters: the request id and the date come first so that every
     * answer, a refusal included, carries them; errors are rendered inside them; authentication runs inside the
     * error boundary so that its refusals are rendered like any other error, and on the head alone for a body
     * still arriving, so that nothing is buffered for a stranger.
     */
    public static Edge standard(Authenticator authenticator, EdgeService service) {
        return new Edge(List.of(
                new RequestIdentity(),
                new DateHeader(),
                new ErrorBoundary(service::errorWriter),
                new Authentication(authenticator, service::isPublic)), service);
    }

    /** The decorators, outermost first. */
    public List<EdgeDecorator> decorators() {
        return decorators;
    }

    @Override
    public void handle(WireRequest request, ResponseChannel response) {
        chain.handle(new Exchange(request, response, System.nanoTime()));
    }

    @Override
    public boolean admit(WireRequest head, ResponseChannel response) {
        return chain.admit(new Exchange(head, response, System.nanoTime()));
    }

    private record Link(EdgeDecorator decorator, EdgeDecorator.Next next) implements EdgeDecorator.Next {
        @Override
        public void handle(Exchange exchange) {
            decorator.handle(exchange, next);
        }

        @Override
        public boolean admit(Exchange exchange) {
            return decorator.admit(exchange, next);
        }
    }
}
