package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.invoke.ToolSpec;
import dev.outcrop.invoke.Usage;
import dev.outcrop.profileconfig.ParameterNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;

/** Anthropic Messages ({@code anthropic_version}, {@code max_tokens}, {@code messages}). */
final class AnthropicMessagesBody implements NativeFamily {
    private static final ParameterNames NAMES = new ParameterNames("#/max_tokens", "#/temperature", "#/top_p", "#/top_k",
            "#/stop_sequences", "#/anthropic_version", "#/response_format");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Members of Bedrock's Anthropic request that Outcrop does not serve. */
    private static final Set<String> UNSERVED = Set.of("anthropic_beta", "thinking", "output_config");
    /** Every member of Bedrock's Anthropic Messages request. */
    private static final Set<String> MEMBERS = Set.of("anthropic_version", "max_tokens", "system", "messages",
            "temperature", "top_p", "top_k", "stop_sequences", "tools", "tool_choice", "anthropic_beta", "thinking",
            "output_config");
    /** The members of each content block type whose members Outcrop reads. */
    private static final Map<String, Set<String>> BLOCK_MEMBERS = Map.of(
            "text", Set.of("type", "text", "cache_control"),
            "image", Set.of("type", "source", "cache_control"),
            "document", Set.of("type", "source", "title", "context", "cache_control"),
            "tool_use", Set.of("type", "id", "name", "input", "cache_control"),
            "tool_result", Set.of("type", "tool_use_id", "content", "is_error", "cache_control"),
            "thinking", Set.of("type", "thinking", "signature"),
            "redacted_thinking", Set.of("type", "data"));


    @Override
    public String name() {
        return "Anthropic Messages";
    }

    @Override
    public ParameterNames parameterNames() {
        return NAMES;
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
        fields.allowOnly(body, "#", MEMBERS);
        fields.unserved(body, "#", UNSERVED);
        fields.allowOnlyInEach(body, "#", "messages", Set.of("role", "content"));
        fields.allowOnlyInEach(body, "#", "tools", Set.of("name", "description", "input_schema", "cache_control"));
        fields.allowOnly(body.path("tool_choice"), "#/tool_choice", Set.of("type", "name", "disable_parallel_tool_use"));
        if (body.path("system").isArray()) {
            fields.allowOnlyInEach(body, "#", "system", Set.of("type", "text", "cache_control"));
        }
        JsonNode turns = body.path("messages");
        for (int m = 0; m < turns.size(); m++) {
            JsonNode content = turns.get(m).path("content");
            for (int b = 0; content.isArray() && b < content.size(); b++) {
                Set<String> members = BLOCK_MEMBERS.get(content.get(b).path("type").asText());
                if (members != null) {
                    fields.allowOnly(content.get(b), "#/messages/" + m + "/content/" + b, members);
                }
            }
        }
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
    private static ObjectNode usage(Usage usage) {
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
