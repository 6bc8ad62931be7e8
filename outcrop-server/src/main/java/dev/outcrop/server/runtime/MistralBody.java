package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.profileconfig.ParameterNames;
import java.util.List;
import java.util.Set;

/** Mistral text completion ({@code prompt}, {@code max_tokens}, {@code stop}). */
final class MistralBody implements NativeFamily {
    private static final ParameterNames NAMES = new ParameterNames("#/max_tokens", "#/temperature", "#/top_p",
            "#/top_k", "#/stop", null, "#/response_format");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Every member of Bedrock's Mistral text-completion request. */
    private static final Set<String> MEMBERS = Set.of("prompt", "max_tokens", "temperature", "top_p", "top_k", "stop");


    @Override
    public String name() {
        return "Mistral text completion";
    }

    @Override
    public ParameterNames parameterNames() {
        return NAMES;
    }

    @Override
    public String example() {
        return "{\"prompt\":\"<s>[INST] Hello [/INST]\",\"max_tokens\":512,\"temperature\":0.5}";
    }

    @Override
    public ChatRequest parse(JsonNode body) {
        if (!body.path("prompt").isTextual()) {
            return null;
        }
        String prompt = body.path("prompt").asText().replaceAll("</?s>|\\[/?INST]", "").strip();
        NativeFields fields = new NativeFields();
        InferenceParameters parameters = new InferenceParameters(
                fields.integer(body, "#", "max_tokens", 1, NativeFields.MAX_COUNT, false),
                fields.number(body, "#", "temperature", 0, 1), fields.number(body, "#", "top_p", 0, 1),
                fields.integer(body, "#", "top_k", 0, NativeFields.MAX_COUNT, false), fields.strings(body, "#", "stop"));
        fields.allowOnly(body, "#", MEMBERS);
        fields.check();
        return InvokeBodies.prompt(prompt, parameters);
    }

    private static String stop(StopReason reason) {
        return reason == StopReason.MAX_TOKENS ? "length" : "stop";
    }

    @Override
    public ObjectNode response(String modelId, ChatResult result) {
        ObjectNode body = NODES.objectNode();
        body.putArray("outputs").addObject().put("text", result.text()).put("stop_reason", stop(result.stopReason()));
        return body;
    }

    @Override
    public List<ObjectNode> chunks(String modelId, ChatEvent event, StreamState state) {
        ObjectNode chunk = NODES.objectNode();
        switch (event) {
            case ChatEvent.TextDelta delta -> chunk.putArray("outputs").addObject().put("text", delta.text())
                    .putNull("stop_reason");
            case ChatEvent.MessageStop stop -> {
                state.stopReason = stop.stopReason();
                return List.of();
            }
            case ChatEvent.Metadata metadata -> {
                chunk.putArray("outputs").addObject().put("text", "").put("stop_reason", stop(state.stopReason));
                chunk.set("amazon-bedrock-invocationMetrics", state.invocationMetrics(metadata.usage()));
            }
            default -> {
                return List.of();
            }
        }
        return List.of(chunk);
    }
}
