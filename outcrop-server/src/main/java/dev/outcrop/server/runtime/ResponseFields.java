package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.invoke.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * Converse's {@code additionalModelResponseFieldPaths}: the fields they point at in the model's native answer
 * (the body InvokeModel would answer for the same model, e.g. Anthropic's {@code /stop_sequence}), answered
 * as {@code additionalModelResponseFields}, each under its path. A path that names no field of the native
 * answer is left out, as Bedrock documents; a model without a native body has no such fields.
 */
final class ResponseFields {
    private final List<String> paths;
    private final NativeFamily family;
    private final String modelId;

    private ResponseFields(List<String> paths, NativeFamily family, String modelId) {
        this.paths = paths;
        this.family = family;
        this.modelId = modelId;
    }

    /** The fields {@code input} asks for of {@code target}'s answers, or null when it asks for none. */
    static ResponseFields of(JsonNode input, Catalog catalog, Target target) {
        JsonNode requested = input.path("additionalModelResponseFieldPaths");
        if (requested.isEmpty()) {
            return null;
        }
        List<String> paths = new ArrayList<>();
        requested.forEach(p -> paths.add(p.asText()));
        NativeFamily family;
        try {
            family = InvokeBodies.family(catalog.model(target.modelId()).orElseThrow().family(), target.modelId());
        } catch (ValidationException noNativeBody) {
            family = null;
        }
        return new ResponseFields(paths, family, target.modelId());
    }

    /** The requested fields of {@code result}'s native form, or null when none of them is there. */
    ObjectNode select(ChatResult result) {
        if (family == null) {
            return null;
        }
        ObjectNode answer = family.response(modelId, result);
        ObjectNode selected = JsonNodeFactory.instance.objectNode();
        for (String path : paths) {
            JsonNode value = answer.at(path);
            if (!value.isMissingNode()) {
                place(selected, path, value);
            }
        }
        return selected.isEmpty() ? null : selected;
    }

    private static void place(ObjectNode into, String pointer, JsonNode value) {
        String[] tokens = pointer.substring(1).split("/", -1);
        ObjectNode parent = into;
        for (int i = 0; i < tokens.length - 1; i++) {
            String name = unescape(tokens[i]);
            parent = parent.get(name) instanceof ObjectNode existing ? existing : parent.putObject(name);
        }
        parent.set(unescape(tokens[tokens.length - 1]), value);
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
