package dev.outcrop.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.ToolSpec;

/**
 * A {@link ChatRequest} rendered back into the body of Bedrock's Converse (and ConverseStream): the request the
 * caller made, after Outcrop's own stages changed it, in the shapes Outcrop's Converse parser reads.
 */
final class ConverseBodies {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConverseBodies() {}

    static ObjectNode body(ChatRequest request) {
        ObjectNode body = NODES.objectNode();
        if (!request.system().isEmpty()) {
            ArrayNode system = body.putArray("system");
            request.system().forEach(text -> system.addObject().put("text", text));
        }
        ArrayNode messages = body.putArray("messages");
        for (Message message : request.messages()) {
            ObjectNode m = messages.addObject().put("role", message.role());
            ArrayNode content = m.putArray("content");
            message.content().forEach(block -> content.add(block(block)));
        }
        ObjectNode config = inferenceConfig(request.parameters());
        if (!config.isEmpty()) {
            body.set("inferenceConfig", config);
        }
        if (!request.tools().isEmpty()) {
            body.set("toolConfig", toolConfig(request));
        }
        if (request.additionalFields() != null && !request.additionalFields().isNull()) {
            body.set("additionalModelRequestFields", request.additionalFields());
        }
        if (request.outputSchema() != null) {
            ObjectNode json = body.putObject("outputConfig").putObject("textFormat").put("type", "json_schema")
                    .putObject("structure").putObject("jsonSchema");
            json.put("schema", request.outputSchema().schema().toString());
            if (request.outputSchema().name() != null) {
                json.put("name", request.outputSchema().name());
            }
            if (request.outputSchema().description() != null) {
                json.put("description", request.outputSchema().description());
            }
        }
        return body;
    }

    private static JsonNode block(ContentBlock block) {
        ObjectNode node = NODES.objectNode();
        switch (block) {
            case ContentBlock.Text text -> node.put("text", text.text());
            case ContentBlock.ToolUse use -> node.putObject("toolUse").put("toolUseId", use.toolUseId())
                    .put("name", use.name()).set("input", use.input());
            case ContentBlock.ToolResult result -> {
                ObjectNode r = node.putObject("toolResult").put("toolUseId", result.toolUseId());
                r.putArray("content").addAll(result.content());
                if (result.status() != null) {
                    r.put("status", result.status());
                }
            }
            case ContentBlock.Other other -> {
                return other.wire();
            }
        }
        return node;
    }

    private static ObjectNode inferenceConfig(InferenceParameters p) {
        ObjectNode config = NODES.objectNode();
        if (p.maxTokens() != null) {
            config.put("maxTokens", p.maxTokens());
        }
        if (p.temperature() != null) {
            config.put("temperature", p.temperature());
        }
        if (p.topP() != null) {
            config.put("topP", p.topP());
        }
        if (!p.stopSequences().isEmpty()) {
            ArrayNode stops = config.putArray("stopSequences");
            p.stopSequences().forEach(stops::add);
        }
        // topK travels in additionalModelRequestFields, where the caller put it.
        return config;
    }

    private static ObjectNode toolConfig(ChatRequest request) {
        ObjectNode toolConfig = NODES.objectNode();
        ArrayNode tools = toolConfig.putArray("tools");
        for (ToolSpec tool : request.tools()) {
            ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", tool.name());
            if (tool.description() != null) {
                spec.put("description", tool.description());
            }
            spec.putObject("inputSchema").set("json", tool.inputSchema());
        }
        String choice = request.toolChoice();
        if (choice != null) {
            ObjectNode c = toolConfig.putObject("toolChoice");
            switch (choice) {
                case "auto" -> c.putObject("auto");
                case "any" -> c.putObject("any");
                default -> c.putObject("tool").put("name", choice);
            }
        }
        return toolConfig;
    }
}
