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
import dev.outcrop.invoke.OutputBound;
import dev.outcrop.invoke.ToolSpec;
import dev.outcrop.invoke.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Converse's wire shapes and the neutral chat model: reads a (validated) {@code ConverseRequest},
 * writes a {@code ConverseResponse} and the {@code ConverseStreamOutput} events.
 */
final class ConverseCodec {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConverseCodec() {}

    /** The neutral request of Converse's members (also CountTokens' {@code input.converse}). */
    static ChatRequest request(JsonNode input) {
        List<String> system = new ArrayList<>();
        JsonNode systemBlocks = input.path("system");
        for (int i = 0; i < systemBlocks.size(); i++) {
            JsonNode block = systemBlocks.get(i);
            if (block.has("text")) {
                system.add(block.path("text").asText());
            } else if (block.path("guardContent").has("text")) {
                // Without a guardrail, content marked for one is what the model reads, like any other.
                system.add(block.path("guardContent").path("text").path("text").asText());
            } else if (block.path("guardContent").has("image")) {
                throw new ValidationException("1 validation error detected: Value at 'system." + (i + 1)
                        + ".member.guardContent.image' failed to satisfy constraint: This model doesn't support images "
                        + "in the system prompt.");
            }
            // A cachePoint marks a prefix a backend may cache; the backends here cache prefixes on their own.
        }
        RuntimeMembers.refuseGuardrail(input.has("guardrailConfig"));
        RuntimeMembers.checkLatency(input.path("performanceConfig").path("latency").asText(null),
                "performanceConfig.latency");
        RuntimeMembers.checkServiceTier(input.path("serviceTier").path("type").asText(null), "serviceTier.type");
        RuntimeMembers.checkTools(input.path("toolConfig"));
        RuntimeMembers.checkResponseFieldPaths(input.path("additionalModelResponseFieldPaths"));
        checkConversation(input.path("messages"));
        List<Message> messages = new ArrayList<>();
        input.path("messages").forEach(m -> messages.add(new Message(m.path("role").asText(), blocks(m.path("content")))));
        JsonNode config = input.path("inferenceConfig");
        JsonNode additional = input.get("additionalModelRequestFields");
        List<String> stops = new ArrayList<>();
        config.path("stopSequences").forEach(s -> stops.add(s.asText()));
        Integer topK = null;
        OutputBound.checkAdditionalFields(additional);
        if (additional != null && additional.isObject()) {
            // A document the model reads; its top_k goes to the backend, so it is checked as the model's schema
            // would, never wrapped into some other number.
            NativeFields fields = new NativeFields();
            topK = fields.integer(additional, "#", "top_k", 0, NativeFields.MAX_COUNT, false);
            fields.check();
        }
        InferenceParameters parameters = new InferenceParameters(
                config.has("maxTokens") ? config.path("maxTokens").asInt() : null,
                config.has("temperature") ? config.path("temperature").asDouble() : null,
                config.has("topP") ? config.path("topP").asDouble() : null,
                topK, stops);
        List<ToolSpec> tools = new ArrayList<>();
        JsonNode toolConfig = input.path("toolConfig");
        toolConfig.path("tools").forEach(t -> {
            JsonNode spec = t.path("toolSpec");
            if (!spec.isMissingNode()) {
                tools.add(new ToolSpec(spec.path("name").asText(), spec.path("description").asText(null),
                        spec.path("inputSchema").path("json")));
            }
        });
        JsonNode choice = toolConfig.path("toolChoice");
        String toolChoice = choice.has("tool") ? choice.path("tool").path("name").asText()
                : choice.has("any") ? "any" : choice.has("auto") ? "auto" : null;
        return new ChatRequest(system, messages, parameters, tools, toolChoice, additional,
                RuntimeMembers.outputSchema(input.path("outputConfig")));
    }

    /** The rules Bedrock checks before any model sees a conversation, in Bedrock's words. */
    private static void checkConversation(JsonNode messages) {
        if (messages.isEmpty() || !"user".equals(messages.get(0).path("role").asText())) {
            throw new ValidationException("A conversation must start with a user message. Try again with a "
                    + "conversation that starts with a user message.");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (i > 0 && message.path("role").asText().equals(messages.get(i - 1).path("role").asText())) {
                throw new ValidationException("A conversation must alternate between user and assistant roles. Make sure "
                        + "the conversation alternates between user and assistant roles and try again.");
            }
            JsonNode content = message.path("content");
            for (int j = 0; j < content.size(); j++) {
                JsonNode text = content.get(j).get("text");
                if (text != null && text.asText().isBlank()) {
                    throw new ValidationException("The text field in the ContentBlock object at messages." + i
                            + ".content." + j + " is blank. Add text to the text field, and try again.");
                }
            }
        }
        ToolResultPairing.check(messages);
    }

    private static List<ContentBlock> blocks(JsonNode content) {
        List<ContentBlock> blocks = new ArrayList<>();
        for (JsonNode block : content) {
            RuntimeMembers.refuseServerToolBlock(block);
            if (block.has("text")) {
                blocks.add(new ContentBlock.Text(block.path("text").asText()));
            } else if (block.has("toolUse")) {
                JsonNode use = block.path("toolUse");
                blocks.add(new ContentBlock.ToolUse(use.path("toolUseId").asText(), use.path("name").asText(),
                        use.path("input")));
            } else if (block.has("toolResult")) {
                JsonNode result = block.path("toolResult");
                List<JsonNode> parts = new ArrayList<>();
                result.path("content").forEach(parts::add);
                blocks.add(new ContentBlock.ToolResult(result.path("toolUseId").asText(), parts,
                        result.path("status").asText(null)));
            } else if (block.path("guardContent").has("text")) {
                blocks.add(new ContentBlock.Text(block.path("guardContent").path("text").path("text").asText()));
            } else if (block.path("guardContent").has("image")) {
                blocks.add(new ContentBlock.Other("image",
                        NODES.objectNode().set("image", block.path("guardContent").path("image"))));
            } else {
                String type = block.fieldNames().hasNext() ? block.fieldNames().next() : "unknown";
                blocks.add(new ContentBlock.Other(type, block));
            }
        }
        return blocks;
    }

    /** The {@code ConverseResponse} body. */
    static ObjectNode response(ChatResult result, long latencyMs) {
        ObjectNode body = NODES.objectNode();
        ObjectNode message = body.putObject("output").putObject("message");
        message.put("role", "assistant");
        ArrayNode content = message.putArray("content");
        for (ContentBlock block : result.content()) {
            switch (block) {
                case ContentBlock.Text text -> content.addObject().put("text", text.text());
                case ContentBlock.ToolUse use -> {
                    ObjectNode toolUse = content.addObject().putObject("toolUse");
                    toolUse.put("toolUseId", use.toolUseId()).put("name", use.name()).set("input", use.input());
                }
                case ContentBlock.ToolResult ignored -> { } // never in an assistant answer
                case ContentBlock.Other other -> content.add(other.wire());
            }
        }
        body.put("stopReason", result.stopReason().wire());
        body.set("usage", usage(result.usage()));
        body.putObject("metrics").put("latencyMs", latencyMs);
        return body;
    }

    static ObjectNode usage(Usage usage) {
        ObjectNode node = NODES.objectNode();
        node.put("inputTokens", usage.inputTokens()).put("outputTokens", usage.outputTokens())
                .put("totalTokens", usage.totalTokens());
        if (usage.cacheReadInputTokens() > 0) {
            node.put("cacheReadInputTokens", usage.cacheReadInputTokens());
        }
        if (usage.cacheWriteInputTokens() > 0) {
            node.put("cacheWriteInputTokens", usage.cacheWriteInputTokens());
        }
        return node;
    }

    /** The union member name and payload of a {@code ConverseStreamOutput} event. */
    record StreamEvent(String type, ObjectNode payload) {}

    /** The stream event for a chat event; {@code latencyMs} is read for {@code metadata}. */
    static StreamEvent streamEvent(ChatEvent event, long latencyMs) {
        ObjectNode payload = NODES.objectNode();
        return switch (event) {
            case ChatEvent.MessageStart start -> new StreamEvent("messageStart", payload.put("role", start.role()));
            case ChatEvent.ToolUseStart start -> {
                payload.putObject("start").putObject("toolUse").put("toolUseId", start.toolUseId())
                        .put("name", start.name());
                payload.put("contentBlockIndex", start.index());
                yield new StreamEvent("contentBlockStart", payload);
            }
            case ChatEvent.TextDelta delta -> {
                payload.putObject("delta").put("text", delta.text());
                payload.put("contentBlockIndex", delta.index());
                yield new StreamEvent("contentBlockDelta", payload);
            }
            case ChatEvent.ReasoningDelta delta -> {
                payload.putObject("delta").putObject("reasoningContent").put("text", delta.text());
                payload.put("contentBlockIndex", delta.index());
                yield new StreamEvent("contentBlockDelta", payload);
            }
            case ChatEvent.ToolInputDelta delta -> {
                payload.putObject("delta").putObject("toolUse").put("input", delta.json());
                payload.put("contentBlockIndex", delta.index());
                yield new StreamEvent("contentBlockDelta", payload);
            }
            case ChatEvent.BlockStop stop -> new StreamEvent("contentBlockStop",
                    payload.put("contentBlockIndex", stop.index()));
            case ChatEvent.MessageStop stop -> new StreamEvent("messageStop",
                    payload.put("stopReason", stop.stopReason().wire()));
            case ChatEvent.Metadata metadata -> {
                payload.set("usage", usage(metadata.usage()));
                payload.putObject("metrics").put("latencyMs", latencyMs);
                yield new StreamEvent("metadata", payload);
            }
        };
    }
}
