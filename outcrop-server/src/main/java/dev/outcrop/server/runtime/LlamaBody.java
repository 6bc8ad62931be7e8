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

/** Meta Llama ({@code prompt}, {@code max_gen_len}). */
final class LlamaBody implements NativeFamily {
    private static final ParameterNames NAMES = new ParameterNames("#/max_gen_len", "#/temperature", "#/top_p",
            "#/top_k", "#/stop", null, "#/response_format");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Every member of Bedrock's Llama request. */
    private static final Set<String> MEMBERS = Set.of("prompt", "max_gen_len", "temperature", "top_p", "images");


    /** Bedrock's documented maximum of {@code max_gen_len}. */
    private static final long MAX_GEN_LEN = 2048;

    @Override
    public String name() {
        return "Meta Llama";
    }

    @Override
    public ParameterNames parameterNames() {
        return NAMES;
    }

    @Override
    public String example() {
        return "{\"prompt\":\"<|begin_of_text|><|start_header_id|>user<|end_header_id|>\\nHello<|eot_id|>\","
                + "\"max_gen_len\":512,\"temperature\":0.5}";
    }

    @Override
    public ChatRequest parse(JsonNode body) {
        if (!body.path("prompt").isTextual()) {
            return null;
        }
        String prompt = body.path("prompt").asText().replaceAll("<\\|[a-z_]+\\|>", "").strip();
        NativeFields fields = new NativeFields();
        InferenceParameters parameters = new InferenceParameters(
                fields.integer(body, "#", "max_gen_len", 1, MAX_GEN_LEN, false),
                fields.number(body, "#", "temperature", 0, 1), fields.number(body, "#", "top_p", 0, 1), null, List.of());
        fields.allowOnly(body, "#", MEMBERS);
        fields.unserved(body, "#", Set.of("images"));
        fields.check();
        return InvokeBodies.prompt(prompt, parameters);
    }

    private static String stop(StopReason reason) {
        return reason == StopReason.MAX_TOKENS ? "length" : "stop";
    }

    @Override
    public ObjectNode response(String modelId, ChatResult result) {
        return NODES.objectNode().put("generation", result.text())
                .put("prompt_token_count", result.usage().inputTokens())
                .put("generation_token_count", result.usage().outputTokens())
                .put("stop_reason", stop(result.stopReason()));
    }

    @Override
    public List<ObjectNode> chunks(String modelId, ChatEvent event, StreamState state) {
        return switch (event) {
            case ChatEvent.TextDelta delta -> {
                state.outputTokens++;
                yield List.of(NODES.objectNode().put("generation", delta.text()).putNull("prompt_token_count")
                        .put("generation_token_count", state.outputTokens).putNull("stop_reason"));
            }
            case ChatEvent.MessageStop stop -> {
                state.stopReason = stop.stopReason();
                yield List.of();
            }
            case ChatEvent.Metadata metadata -> {
                ObjectNode last = NODES.objectNode().put("generation", "")
                        .put("prompt_token_count", metadata.usage().inputTokens())
                        .put("generation_token_count", metadata.usage().outputTokens())
                        .put("stop_reason", stop(state.stopReason));
                last.set("amazon-bedrock-invocationMetrics", state.invocationMetrics(metadata.usage()));
                yield List.of(last);
            }
            default -> List.of();
        };
    }
}
