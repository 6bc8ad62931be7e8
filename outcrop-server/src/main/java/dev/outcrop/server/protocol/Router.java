package dev.outcrop.server.protocol;

import dev.outcrop.error.UnknownOperationException;
import dev.outcrop.server.smithy.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Finds the operation for a method and a <em>raw</em> path. The path is split at {@code /} before any
 * decoding, so a label such as an application-profile ARN sent as
 * {@code arn%3Aaws%3Abedrock%3A...%3Aapplication-inference-profile%2Fabc123xyz789} stays one segment.
 */
public final class Router {
    private final List<Operation> operations;

    /** Creates a router over every operation of the models. */
    public Router(List<Operation> operations) {
        // Literal segments win over labels where two templates could match the same path.
        this.operations = operations.stream()
                .sorted((a, b) -> Long.compare(literals(b), literals(a)))
                .toList();
    }

    private static long literals(Operation operation) {
        return operation.segments().stream().filter(s -> !s.startsWith("{")).count();
    }

    /** A matched operation with its decoded path labels. */
    public record Match(Operation operation, Map<String, String> labels) {}

    /**
     * Matches a request.
     *
     * @throws UnknownOperationException (404) when no template matches, (405) when only the method differs
     */
    public Match match(String method, String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        TreeSet<String> allowed = new TreeSet<>();
        for (Operation operation : operations) {
            Map<String, String> labels = labels(operation, segments);
            if (labels == null) {
                continue;
            }
            if (operation.method().equals(method)) {
                return new Match(operation, labels);
            }
            allowed.add(operation.method());
        }
        if (!allowed.isEmpty()) {
            throw UnknownOperationException.methodNotAllowed("The method " + method + " is not allowed on " + rawPath
                    + ". Allowed: " + String.join(", ", allowed) + ".", String.join(", ", allowed));
        }
        throw new UnknownOperationException("No Bedrock operation is bound to " + method + " " + rawPath + ".");
    }

    private static Map<String, String> labels(Operation operation, List<String> segments) {
        List<String> template = operation.segments();
        if (template.size() != segments.size()) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                labels.put(expected.substring(1, expected.length() - 1), segments.get(i));
            } else if (!expected.equals(segments.get(i))) {
                return null;
            }
        }
        // Decode only once the template matched: a bad escape in a non-matching path is not this route's.
        labels.replaceAll((name, raw) -> PathCodec.decodeSegment(raw));
        return labels;
    }
}
