package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.invoke.Target;
import dev.outcrop.invoke.ToolSpec;
import dev.outcrop.server.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The native body families of {@code InvokeModel}, chosen by the foundation model's family. */
final class InvokeBodies {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, NativeFamily> FAMILIES = Map.of(
            "anthropic", new Anthropic(),
            "nova", new Nova(),
            "llama", new Llama(),
            "mistral", new Mistral(),
            "titan-text", new TitanText());

    private InvokeBodies() {}

    /** The family of a catalog family name. */
    static NativeFamily family(String catalogFamily, String modelId) {
        NativeFamily family = FAMILIES.get(catalogFamily);
        if (family == null) {
            throw new ValidationException("InvokeModel with the native body of " + modelId
                    + " is not supported by Outcrop; call it with Converse instead.");
        }
        return family;
    }

    /** Parses {@code body} as {@code family}'s request or says what was expected. */
    static ChatRequest parse(NativeFamily family, String modelId, byte[] body) {
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new ValidationException("The request body is not valid JSON. " + modelId + " takes a "
                    + family.name() + " request, for example: " + family.example());
        }
        ChatRequest request = json == null || !json.isObject() ? null : family.parse(json);
        if (request == null) {
            throw new ValidationException("Malformed input request: the body does not match the " + family.name()
                    + " request format of " + modelId + ". Expected, for example: " + family.example());
        }
        return request;
    }

    /** The request a CountTokens {@code invokeModel} body (base64) stands for, for counting only. */
    static ChatRequest countTokensRequest(Target target, String base64Body) {
        byte[] body = Base64.getDecoder().decode(base64Body);
        String text = new String(body, StandardCharsets.UTF_8);
        for (NativeFamily family : FAMILIES.values()) {
            try {
                ChatRequest parsed = family.parse(Json.mapper().readTree(body));
                if (parsed != null) {
                    return parsed;
                }
            } catch (IOException | RuntimeException e) {
                break;
            }
        }
        return new ChatRequest(List.of(), List.of(new Message("user", List.of(new ContentBlock.Text(text)))),
                null, List.of(), null, null);
    }

    private static ChatRequest prompt(String prompt, InferenceParameters parameters) {
        return new ChatRequest(List.of(), List.of(new Message("user", List.of(new ContentBlock.Text(prompt)))),
                parameters, List.of(), null, null);
    }

    private static String text(ChatResult result) {
        return result.text();
    }

    /** Anthropic Messages ({@code anthropic_version}, {@code max_tokens}, {@code messages}). */
    static final class Anthropic implements NativeFamily {
        @Override
        public String name() {
            return "Anthropic Messages";
        }

        @Override
        public String example() {
            return "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":512,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        }

        @Override
        public ChatRequest parse(JsonNode body) {
            if (!body.path("anthropic_version").isTextual() || !body.path("messages").isArray()) {
                return null;
            }
            NativeFields fields = new NativeFields();
            InferenceParameters parameters = new InferenceParameters(
                    fields.integer(body, "#", "max_tokens", 1, NativeFields.MAX_COUNT, true),
                    fields.number(body, "#", "temperature", 0, 1), fields.number(body, "#", "top_p", 0, 1),
                    fields.integer(body, "#", "top_k", 0, NativeFields.MAX_COUNT, false),
                    fields.strings(body, "#", "stop_sequences"));
            fields.check();
            List<String> system = new ArrayList<>();
            JsonNode sys = body.path("system");
            if (sys.isTextual()) {
                system.add(sys.asText());
            } else {
                sys.forEach(b -> system.add(b.path("text").asText()));
            }
            List<Message> messages = new ArrayList<>();
            for (JsonNode m : body.path("messages")) {
                List<ContentBlock> blocks = new ArrayList<>();
                JsonNode content = m.path("content");
                if (content.isTextual()) {
                    blocks.add(new ContentBlock.Text(content.asText()));
                }
                for (JsonNode block : content) {
                    switch (block.path("type").asText()) {
                        case "text" -> blocks.add(new ContentBlock.Text(block.path("text").asText()));
                        case "tool_use" -> blocks.add(new ContentBlock.ToolUse(block.path("id").asText(),
                                block.path("name").asText(), block.path("input")));
                        case "tool_result" -> blocks.add(new ContentBlock.ToolResult(block.path("tool_use_id").asText(),
                                List.of(block.path("content")), block.path("is_error").asBoolean() ? "error" : "success"));
                        default -> blocks.add(new ContentBlock.Other(block.path("type").asText("unknown"), block));
                    }
                }
                messages.add(new Message(m.path("role").asText(), blocks));
            }
            List<ToolSpec> tools = new ArrayList<>();
            body.path("tools").forEach(t -> tools.add(new ToolSpec(t.path("name").asText(),
                    t.path("description").asText(null), t.path("input_schema"))));
            JsonNode choice = body.path("tool_choice");
            String toolChoice = choice.path("type").asText(null);
            if ("tool".equals(toolChoice)) {
                toolChoice = choice.path("name").asText();
            }
            return new ChatRequest(system, messages, parameters, tools, toolChoice, null);
        }

        private static String stopReason(StopReason reason) {
            return switch (reason) {
                case MAX_TOKENS -> "max_tokens";
                case STOP_SEQUENCE -> "stop_sequence";
                case TOOL_USE -> "tool_use";
                default -> "end_turn";
            };
        }

        @Override
        public ObjectNode response(String modelId, ChatResult result) {
            ObjectNode body = NODES.objectNode();
            body.put("id", "msg_bdrk_" + Integer.toHexString(result.hashCode())).put("type", "message")
                    .put("role", "assistant").put("model", modelId);
            ArrayNode content = body.putArray("content");
            for (ContentBlock block : result.content()) {
                if (block instanceof ContentBlock.Text t) {
                    content.addObject().put("type", "text").put("text", t.text());
                } else if (block instanceof ContentBlock.ToolUse u) {
                    content.addObject().put("type", "tool_use").put("id", u.toolUseId()).put("name", u.name())
                            .set("input", u.input());
                } else if (block instanceof ContentBlock.Other o && o.type().equals("reasoningContent")) {
                    content.addObject().put("type", "thinking").put("thinking",
                            o.wire().path("reasoningContent").path("reasoningText").path("text").asText());
                }
            }
            body.put("stop_reason", stopReason(result.stopReason())).put("stop_sequence", result.stopSequence());
            body.set("usage", usage(result.usage()));
            return body;
        }

        /** Anthropic's usage: the cache's tokens apart from {@code input_tokens}, as Anthropic reports them. */
        private static ObjectNode usage(dev.outcrop.invoke.Usage usage) {
            ObjectNode node = NODES.objectNode().put("input_tokens", usage.inputTokens());
            if (usage.cacheWriteInputTokens() > 0) {
                node.put("cache_creation_input_tokens", usage.cacheWriteInputTokens());
            }
            if (usage.cacheReadInputTokens() > 0) {
                node.put("cache_read_input_tokens", usage.cacheReadInputTokens());
            }
            return node.put("output_tokens", usage.outputTokens());
        }

        /** A piece of a text ({@code text}) or thinking ({@code thinking}) block, after the block's start. */
        private static void streamed(List<ObjectNode> chunks, StreamState state, int index, String type, String piece) {
            if (state.startedBlocks.add(index)) {
                ObjectNode chunk = NODES.objectNode().put("type", "content_block_start").put("index", index);
                chunk.putObject("content_block").put("type", type).put(type, "");
                chunks.add(chunk);
            }
            ObjectNode chunk = NODES.objectNode().put("type", "content_block_delta").put("index", index);
            chunk.putObject("delta").put("type", type + "_delta").put(type, piece);
            chunks.add(chunk);
        }

        @Override
        public List<ObjectNode> chunks(String modelId, ChatEvent event, StreamState state) {
            List<ObjectNode> chunks = new ArrayList<>();
            switch (event) {
                case ChatEvent.MessageStart start -> {
                    ObjectNode chunk = NODES.objectNode().put("type", "message_start");
                    ObjectNode message = chunk.putObject("message");
                    message.put("id", "msg_bdrk_" + Long.toHexString(System.nanoTime())).put("type", "message")
                            .put("role", "assistant").put("model", modelId).putArray("content");
                    message.putNull("stop_reason").putNull("stop_sequence");
                    // The input as counted before the call, and Anthropic's first output token.
                    message.putObject("usage").put("input_tokens", state.inputTokens).put("output_tokens", 1);
                    chunks.add(chunk);
                }
                case ChatEvent.ToolUseStart start -> {
                    state.startedBlocks.add(start.index());
                    ObjectNode chunk = NODES.objectNode().put("type", "content_block_start").put("index", start.index());
                    chunk.putObject("content_block").put("type", "tool_use").put("id", start.toolUseId())
                            .put("name", start.name()).putObject("input");
                    chunks.add(chunk);
                }
                case ChatEvent.TextDelta delta -> streamed(chunks, state, delta.index(), "text", delta.text());
                case ChatEvent.ReasoningDelta delta -> streamed(chunks, state, delta.index(), "thinking", delta.text());
                case ChatEvent.ToolInputDelta delta -> {
                    ObjectNode chunk = NODES.objectNode().put("type", "content_block_delta").put("index", delta.index());
                    chunk.putObject("delta").put("type", "input_json_delta").put("partial_json", delta.json());
                    chunks.add(chunk);
                }
                case ChatEvent.BlockStop stop -> chunks.add(NODES.objectNode().put("type", "content_block_stop")
                        .put("index", stop.index()));
                case ChatEvent.MessageStop stop -> {
                    state.stopReason = stop.stopReason();
                    state.stopSequence = stop.stopSequence();
                }
                case ChatEvent.Metadata metadata -> {
                    ObjectNode delta = NODES.objectNode().put("type", "message_delta");
                    delta.putObject("delta").put("stop_reason", stopReason(state.stopReason))
                            .put("stop_sequence", state.stopSequence);
                    delta.putObject("usage").put("output_tokens", metadata.usage().outputTokens());
                    chunks.add(delta);
                    ObjectNode stop = NODES.objectNode().put("type", "message_stop");
                    stop.set("amazon-bedrock-invocationMetrics", state.invocationMetrics(metadata.usage()));
                    chunks.add(stop);
                }
            }
            return chunks;
        }
    }

    /** Amazon Nova ({@code messages-v1}): Converse-shaped messages with {@code inferenceConfig}. */
    static final class Nova implements NativeFamily {
        @Override
        public String name() {
            return "Amazon Nova messages-v1";
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

    /** Meta Llama ({@code prompt}, {@code max_gen_len}). */
    static final class Llama implements NativeFamily {
        /** Bedrock's documented maximum of {@code max_gen_len}. */
        private static final long MAX_GEN_LEN = 2048;

        @Override
        public String name() {
            return "Meta Llama";
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
            fields.check();
            return prompt(prompt, parameters);
        }

        private static String stop(StopReason reason) {
            return reason == StopReason.MAX_TOKENS ? "length" : "stop";
        }

        @Override
        public ObjectNode response(String modelId, ChatResult result) {
            return NODES.objectNode().put("generation", text(result))
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

    /** Mistral text completion ({@code prompt}, {@code max_tokens}, {@code stop}). */
    static final class Mistral implements NativeFamily {
        @Override
        public String name() {
            return "Mistral text completion";
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
            fields.check();
            return prompt(prompt, parameters);
        }

        private static String stop(StopReason reason) {
            return reason == StopReason.MAX_TOKENS ? "length" : "stop";
        }

        @Override
        public ObjectNode response(String modelId, ChatResult result) {
            ObjectNode body = NODES.objectNode();
            body.putArray("outputs").addObject().put("text", text(result)).put("stop_reason", stop(result.stopReason()));
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

    /** Amazon Titan Text ({@code inputText}, {@code textGenerationConfig}). */
    static final class TitanText implements NativeFamily {
        @Override
        public String name() {
            return "Amazon Titan Text";
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
            fields.check();
            return prompt(body.path("inputText").asText(), parameters);
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
                    .put("outputText", text(result)).put("completionReason", reason(result.stopReason()));
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
}
