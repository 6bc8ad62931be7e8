package dev.outcrop.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;

/**
 * The bound admission reserved, made explicit in a body that goes to Bedrock without one: Bedrock would otherwise
 * let the model generate up to its own limit (tens of thousands of tokens for some), past what the call's budget
 * and quotas hold. A body that sets its bound keeps it; nothing else in it changes.
 */
final class OutputBounds {
    private static final ObjectMapper JSON = JsonMappers.mapper();

    private OutputBounds() {}

    /**
     * {@code body} with {@code bound} at {@code field} (a JSON pointer such as {@code /inferenceConfig/maxTokens})
     * when it has nothing there; {@code body} itself when it has, or when it is not a JSON object whose path to the
     * field runs through objects (Bedrock refuses such a body before generating anything).
     */
    static byte[] withBound(byte[] body, String field, int bound) {
        ObjectNode root;
        try {
            JsonNode tree = JSON.readTree(body);
            if (tree == null || !tree.isObject()) {
                return body;
            }
            root = (ObjectNode) tree;
        } catch (IOException e) {
            return body;
        }
        String[] segments = field.substring(1).split("/");
        ObjectNode parent = root;
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode next = parent.get(segments[i]);
            if (next == null || next.isNull()) {
                next = parent.putObject(segments[i]);
            } else if (!next.isObject()) {
                return body;
            }
            parent = (ObjectNode) next;
        }
        String name = segments[segments.length - 1];
        if (parent.has(name) && !parent.get(name).isNull()) {
            return body; // the caller's own bound, which admission reserved
        }
        parent.put(name, bound);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }
}
