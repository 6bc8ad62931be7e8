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

/** Amazon Titan Text ({@code inputText}, {@code textGenerationConfig}). */
final class TitanTextBody implements NativeFamily {
    private static final ParameterNames NAMES = new ParameterNames("#/textGenerationConfig/maxTokenCount",
            "#/textGenerationConfig/temperature", "#/textGenerationConfig/topP", "#/textGenerationConfig/topK",
            "#/textGenerationConfig/stopSequences", null, "#/response_format");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Every member of Bedrock's Titan Text request, and of its {@code textGenerationConfig}. */
    private static final Set<String> MEMBERS = Set.of("inputText", "textGenerationConfig");
    private static final Set<String> CONFIG_MEMBERS = Set.of("maxTokenCount", "temperature", "topP", "stopSequences");


    @Override
    public String name() {
        return "Amazon Titan Text";
    }

    @Override
    public ParameterNames parameterNames() {
        return NAMES;
    }

    @Override
    public String example() {
        return "{\"inputText\":\"Hello\",\"textGenerationConfig\":{\"maxTokenCount\":512,\"temperature\":0.5}}";
    }

    @Override
    public ChatRequest parse(JsonNode body) {
        if (!body.path("inputText").isTextual()) {
            return null;
        }
        JsonNode config = body.path("textGenerationConfig");
        NativeFields fields = new NativeFields();
        String at = "#/textGenerationConfig";
        InferenceParameters parameters = new InferenceParameters(
                fields.integer(config, at, "maxTokenCount", 1, NativeFields.MAX_COUNT, false),
                fields.number(config, at, "temperature", 0, 1), fields.number(config, at, "topP", 0, 1), null,
                fields.strings(config, at, "stopSequences"));
        fields.allowOnly(body, "#", MEMBERS);
        fields.allowOnly(config, at, CONFIG_MEMBERS);
        fields.check();
        return InvokeBodies.prompt(body.path("inputText").asText(), parameters);
    }

    private static String reason(StopReason reason) {
        return switch (reason) {
            case MAX_TOKENS -> "LENGTH";
            case STOP_SEQUENCE -> "STOP_CRITERIA_MET";
            default -> "FINISH";
        };
    }

    @Override
    public ObjectNode response(String modelId, ChatResult result) {
        ObjectNode body = NODES.objectNode().put("inputTextTokenCount", result.usage().inputTokens());
        body.putArray("results").addObject().put("tokenCount", result.usage().outputTokens())
                .put("outputText", result.text()).put("completionReason", reason(result.stopReason()));
        return body;
    }

    @Override
    public List<ObjectNode> chunks(String modelId, ChatEvent event, StreamState state) {
        return switch (event) {
            case ChatEvent.TextDelta delta -> {
                state.outputTokens++;
                yield List.of(NODES.objectNode().put("outputText", delta.text()).put("index", 0)
                        .put("totalOutputTextTokenCount", state.outputTokens).putNull("completionReason"));
            }
            case ChatEvent.MessageStop stop -> {
                state.stopReason = stop.stopReason();
                yield List.of();
            }
            case ChatEvent.Metadata metadata -> {
                ObjectNode last = NODES.objectNode().put("outputText", "").put("index", 0)
                        .put("totalOutputTextTokenCount", metadata.usage().outputTokens())
                        .put("completionReason", reason(state.stopReason))
                        .put("inputTextTokenCount", metadata.usage().inputTokens());
                last.set("amazon-bedrock-invocationMetrics", state.invocationMetrics(metadata.usage()));
                yield List.of(last);
            }
            default -> List.of();
        };
    }
}
