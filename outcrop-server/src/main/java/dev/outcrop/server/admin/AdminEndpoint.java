package dev.outcrop.server.admin;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.BedrockException;
import dev.outcrop.error.UnknownOperationException;
import dev.outcrop.server.auth.Caller;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.edge.EdgeService;
import dev.outcrop.server.edge.Exchange;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.server.protocol.Json;
import dev.outcrop.server.protocol.PathTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Outcrop's own API under {@code /_outcrop/}, behind the same {@link dev.outcrop.server.edge.Edge} as Bedrock's: JSON
 * in and out, errors in the same shape as Bedrock's.
 * Each resource is a method and a path template ({@code /_outcrop/simulator/faults/{region}}).
 */
public final class AdminEndpoint implements EdgeService {
    /** The path prefix of the admin API. */
    public static final String PREFIX = "/_outcrop/";

    /** Answers one admin call; {@code labels} holds the decoded path labels. */
    @FunctionalInterface
    public interface Handler {
        /** Returns the JSON body of the answer (status 200), or throws a {@link BedrockException}. */
        Object handle(Map<String, String> labels, WireRequest request, Caller caller);
    }

    /** An answer that is not JSON (a CSV report). */
    public record Raw(String contentType, byte[] body) {}

    private record Route(String method, String path, PathTemplate template, String action, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();
    private final AccessControl access;
    private final String region;

    /**
     * Creates the admin API; every call but a public one is authenticated by the edge and needs its {@code outcrop:}
     * action.
     */
    public AdminEndpoint(AccessControl access, String region) {
        this.access = requireNonNull(access, "access");
        this.region = requireNonNull(region, "region");
    }

    /**
     * Adds a resource: {@code path} is relative to {@code /_outcrop/}, with {@code {label}} segments;
     * callers need {@code action} (e.g. {@code outcrop:ManageIdentity}) on {@code *}.
     */
    public AdminEndpoint route(String method, String path, String action, Handler handler) {
        routes.add(new Route(method, path, PathTemplate.parse(path), requireNonNull(action, "action"),
                requireNonNull(handler, "handler")));
        return this;
    }

    /**
     * Adds a resource that answers without authentication (a load balancer's health check): it must
     * disclose nothing a stranger may not know. Its handler gets no caller.
     */
    public AdminEndpoint publicRoute(String method, String path, Handler handler) {
        routes.add(new Route(method, path, PathTemplate.parse(path), null, requireNonNull(handler, "handler")));
        return this;
    }

    /** Every resource, as {@code METHOD /_outcrop/path} with its {@code {label}}s, in the order added. */
    public List<String> routes() {
        return routes.stream().map(r -> r.method() + " " + PREFIX + r.path()).toList();
    }

    @Override
    public void serve(Exchange exchange) {
        WireRequest request = exchange.request();
        List<String> segments = segments(request);
        boolean pathKnown = false;
        for (Route route : routes) {
            Map<String, String> labels = route.template().match(segments);
            if (labels == null) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(request.method())) {
                if (route.action() != null) {
                    access.require(exchange.caller(), region, route.action(), "*", k -> { });
                }
                Object answer = route.handler().handle(labels, request, exchange.caller());
                if (answer instanceof Raw raw) {
                    exchange.response().send(200, exchange.headers(raw.contentType()), raw.body());
                } else {
                    exchange.response().send(200, exchange.headers("application/json"), Json.write(answer));
                }
                return;
            }
        }
        // Only a caller reaches here (a stranger was refused by the edge), so what exists is no secret.
        throw pathKnown
                ? UnknownOperationException.methodNotAllowed("The method " + request.method() + " is not allowed on "
                        + request.rawPath() + ".", allowed(segments))
                : new UnknownOperationException("No admin resource at " + request.rawPath() + ".");
    }

    /** A request for a public resource, with its method, needs no authentication: the edge lets it through. */
    @Override
    public boolean isPublic(WireRequest head) {
        List<String> segments = segments(head);
        for (Route route : routes) {
            if (route.action() == null && route.method().equals(head.method())
                    && route.template().match(segments) != null) {
                return true;
            }
        }
        return false;
    }

    private static List<String> segments(WireRequest request) {
        return PathTemplate.split(request.rawPath().substring(PREFIX.length()));
    }

    private String allowed(List<String> segments) {
        return String.join(", ", routes.stream().filter(r -> r.template().match(segments) != null)
                .map(Route::method).distinct().sorted().toList());
    }
}
