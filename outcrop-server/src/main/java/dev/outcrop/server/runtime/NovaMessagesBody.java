package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.profileconfig.ParameterNames;
import java.util.List;
import java.util.Set;

/** Amazon Nova ({@code messages-v1}): Converse-shaped messages with {@code inferenceConfig}. */
final class NovaMessagesBody implements NativeFamily {
    private static final ParameterNames NAMES = new ParameterNames("#/inferenceConfig/maxTokens",
            "#/inferenceConfig/temperature", "#/inferenceConfig/topP", "#/inferenceConfig/topK",
            "#/inferenceConfig/stopSequences", null, "#/response_format");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Every member of the messages-v1 request. */
    private static final Set<String> MEMBERS = Set.of("schemaVersion", "system", "messages", "inferenceConfig",
            "toolConfig");
    /** The members of {@code inferenceConfig}, in both spellings Nova takes. */
    private static final Set<String> CONFIG_MEMBERS = Set.of("maxTokens", "max_new_tokens", "temperature", "topP",
            "top_p", "topK", "top_k", "stopSequences");
    /** The members a content block may have (each block has one of them). */
    private static final Set<String> BLOCK_MEMBERS = Set.of("text", "image", "video", "document", "toolUse",
            "toolResult", "cachePoint", "reasoningContent");


    @Override
    public String name() {
        return "Amazon Nova messages-v1";
    }

    @Override
    public ParameterNames parameterNames() {
        return NAMES;
    }

    @Override
    public String example() {
        return "{\"schemaVersion\":\"messages-v1\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}],"
                + "\"inferenceConfig\":{\"maxTokens\":512}}";
    }

    @Override
    public ChatRequest parse(JsonNode body) {
        if (!body.path("messages").isArray() || body.has("anthropic_version")) {
            return null;
        }
        for (JsonNode m : body.path("messages")) {
            if (!m.path("content").isArray()) {
                return null;
            }
        }
        JsonNode config = body.path("inferenceConfig");
        NativeFields fields = new NativeFields();
        String at = "#/inferenceConfig";
        Integer maxTokens = fields.integer(config, at, "maxTokens", 1, NativeFields.MAX_COUNT, false);
        Integer maxNewTokens = fields.integer(config, at, "max_new_tokens", 1, NativeFields.MAX_COUNT, false);
        Double topP = fields.number(config, at, "topP", 0, 1);
        Double topPSnake = fields.number(config, at, "top_p", 0, 1);
        Integer topK = fields.integer(config, at, "topK", 0, NativeFields.MAX_COUNT, false);
        Integer topKSnake = fields.integer(config, at, "top_k", 0, NativeFields.MAX_COUNT, false);
        InferenceParameters parameters = new InferenceParameters(maxTokens != null ? maxTokens : maxNewTokens,
                fields.number(config, at, "temperature", 0, 1), topP != null ? topP : topPSnake,
                topK != null ? topK : topKSnake, fields.strings(config, at, "stopSequences"));
        fields.allowOnly(body, "#", MEMBERS);
        fields.allowOnly(config, at, CONFIG_MEMBERS);
        fields.allowOnlyInEach(body, "#", "messages", Set.of("role", "content"));
        JsonNode turns = body.path("messages");
        for (int m = 0; m < turns.size(); m++) {
            fields.allowOnlyInEach(turns.get(m), "#/messages/" + m, "content", BLOCK_MEMBERS);
        }
        if (body.path("system").isArray()) {
            fields.allowOnlyInEach(body, "#", "system", BLOCK_MEMBERS);
        }
        fields.check();
        // The messages are read as Converse's; its reading of the parameters is replaced by the checked one.
        return ConverseCodec.request(body).withParameters(parameters);
    }

    @Override
    public ObjectNode response(String modelId, ChatResult result) {
        ObjectNode body = ConverseCodec.response(result, 0);
        body.remove("metrics");
        // Nova's native usage names the cache's tokens ...TokenCount, always present.
        ObjectNode usage = (ObjectNode) body.path("usage");
        usage.remove(List.of("cacheReadInputTokens", "cacheWriteInputTokens"));
        usage.put("cacheReadInputTokenCount", result.usage().cacheReadInputTokens())
                .put("cacheWriteInputTokenCount", result.usage().cacheWriteInputTokens());
        return body;
    }

    @Override
    public List<ObjectNode> chunks(String modelId, ChatEvent event, StreamState state) {
        ConverseCodec.StreamEvent converse = ConverseCodec.streamEvent(event, 0);
        ObjectNode chunk = NODES.objectNode();
        chunk.set(converse.type(), converse.payload());
        if (event instanceof ChatEvent.Metadata metadata) {
            converse.payload().remove("metrics");
            chunk.set("amazon-bedrock-invocationMetrics", state.invocationMetrics(metadata.usage()));
        }
        return List.of(chunk);
    }
}
