package dev.outcrop.server.protocol;

import dev.outcrop.error.UnknownOperationException;
import dev.outcrop.server.smithy.Operation;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the operation for a method and a <em>raw</em> path. The path is split at {@code /} before any
 * decoding, so a label such as an application-profile ARN sent as
 * {@code arn%3Aaws%3Abedrock%3A...%3Aapplication-inference-profile%2Fabc123xyz789} stays one segment.
 */
public final class Router {
    private record Route(Operation operation, PathTemplate template) {}

    private final List<Route> routes;

    /** Creates a router over every operation of the models. */
    public Router(List<Operation> operations) {
        // Literal segments win over labels where two templates could match the same path.
        this.routes = operations.stream()
                .map(o -> new Route(o, PathTemplate.parse(o.uri())))
                .sorted((a, b) -> Long.compare(b.template().literals(), a.template().literals()))
                .toList();
    }

    /** A matched operation with its decoded path labels. */
    public record Match(Operation operation, Map<String, String> labels) {}

    /**
     * Matches a request.
     *
     * @throws UnknownOperationException (404) when no template matches, (405) when only the method differs
     */
    public Match match(String method, String rawPath) {
        List<String> segments = PathTemplate.split(rawPath);
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> labels = route.template().match(segments);
            if (labels == null) {
                continue;
            }
            if (route.operation().method().equals(method)) {
                return new Match(route.operation(), labels);
            }
            allowed.add(route.operation().method());
        }
        if (!allowed.isEmpty()) {
            throw UnknownOperationException.methodNotAllowed("The method " + method + " is not allowed on " + rawPath
                    + ". Allowed: " + String.join(", ", allowed) + ".", String.join(", ", allowed));
        }
        throw new UnknownOperationException("No Bedrock operation is bound to " + method + " " + rawPath + ".");
    }
}
