package dev.outcrop.server.admin;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.BedrockException;
import dev.outcrop.error.InternalServerException;
import dev.outcrop.error.UnknownOperationException;
import dev.outcrop.server.BedrockEndpoint;
import dev.outcrop.server.auth.Authenticator;
import dev.outcrop.server.auth.Caller;
import dev.outcrop.server.auth.Guard;
import dev.outcrop.server.http.RequestHandler;
import dev.outcrop.server.http.ResponseChannel;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.server.protocol.ErrorRenderer;
import dev.outcrop.server.protocol.Json;
import dev.outcrop.server.protocol.PathTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outcrop's own API under {@code /_outcrop/}: JSON in and out, errors in the same shape as Bedrock's.
 * Each resource is a method and a path template ({@code /_outcrop/simulator/faults/{region}}).
 */
public final class AdminEndpoint implements RequestHandler {
    /** The path prefix of the admin API. */
    public static final String PREFIX = "/_outcrop/";
    private static final Logger log = LoggerFactory.getLogger(AdminEndpoint.class);

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
    private final Authenticator authenticator;
    private final Guard guard;
    private final String region;

    /** Creates the admin API; every call is authenticated and needs its {@code outcrop:} action. */
    public AdminEndpoint(Authenticator authenticator, Guard guard, String region) {
        this.authenticator = requireNonNull(authenticator, "authenticator");
        this.guard = requireNonNull(guard, "guard");
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
    public void handle(WireRequest request, ResponseChannel response) {
        String requestId = dev.outcrop.util.RequestIds.next();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(BedrockEndpoint.REQUEST_ID_HEADER, requestId);
        headers.put("Content-Type", "application/json");
        try {
            List<String> segments = PathTemplate.split(request.rawPath().substring(PREFIX.length()));
            boolean pathKnown = false;
            Caller caller = null;
            for (Route route : routes) {
                Map<String, String> labels = route.template().match(segments);
                if (labels == null) {
                    continue;
                }
                pathKnown = true;
                if (route.action() != null && caller == null) {
                    caller = authenticator.authenticate(request);
                }
                if (route.method().equals(request.method())) {
                    if (route.action() != null) {
                        guard.require(caller, region, route.action(), "*", k -> { });
                    }
                    Object answer = route.handler().handle(labels, request, caller);
                    if (answer instanceof Raw raw) {
                        headers.put("Content-Type", raw.contentType());
                        response.send(200, headers, raw.body());
                    } else {
                        response.send(200, headers, Json.write(answer));
                    }
                    return;
                }
            }
            if (caller == null && !pathKnown) {
                authenticator.authenticate(request); // a stranger learns nothing of which paths exist
            }
            throw pathKnown
                    ? UnknownOperationException.methodNotAllowed("The method " + request.method() + " is not allowed on "
                            + request.rawPath() + ".", allowed(segments))
                    : new UnknownOperationException("No admin resource at " + request.rawPath() + ".");
        } catch (BedrockException e) {
            sendError(e, headers, response);
        } catch (RuntimeException e) {
            log.error("admin request {} {} {} failed", requestId, request.method(), request.rawPath(), e);
            sendError(new InternalServerException("An internal error occurred. Request id: " + requestId + "."),
                    headers, response);
        }
    }

    /**
     * Admits a request whose body is still arriving once its head authenticates (as far as a head can), unless it
     * is for a public resource.
     */
    @Override
    public boolean admit(WireRequest head, ResponseChannel response) {
        String requestId = dev.outcrop.util.RequestIds.next();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(BedrockEndpoint.REQUEST_ID_HEADER, requestId);
        try {
            List<String> segments = PathTemplate.split(head.rawPath().substring(PREFIX.length()));
            for (Route route : routes) {
                if (route.action() == null && route.method().equals(head.method())
                        && route.template().match(segments) != null) {
                    return true;
                }
            }
            authenticator.admit(head);
            return true;
        } catch (BedrockException e) {
            sendError(e, headers, response);
        } catch (RuntimeException e) {
            log.error("admin request {} {} {} failed", requestId, head.method(), head.rawPath(), e);
            sendError(new InternalServerException("An internal error occurred. Request id: " + requestId + "."),
                    headers, response);
        }
        return false;
    }

    private static void sendError(BedrockException error, Map<String, String> headers, ResponseChannel response) {
        headers.putAll(ErrorRenderer.headers(error));
        response.send(error.httpStatus(), headers, ErrorRenderer.body(error));
    }

    private String allowed(List<String> segments) {
        return String.join(", ", routes.stream().filter(r -> r.template().match(segments) != null)
                .map(Route::method).distinct().sorted().toList());
    }
}
