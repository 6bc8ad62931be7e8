package dev.outcrop.providers.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ToolSpec;

/** Writes a chat request as an OpenAI {@code /chat/completions} body. */
final class OpenAiRequests {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiRequests() {}

    /**
     * The streaming request body. A trailing assistant message is a partial answer to continue: with
     * {@code continueFinalMessage} the vLLM extension fields ask the server to extend it.
     */
    static ObjectNode body(String remoteModel, ChatRequest request, boolean continueFinalMessage) {
        ObjectNode body = NODES.objectNode();
        body.put("model", remoteModel);
        ArrayNode messages = body.putArray("messages");
        for (String system : request.system()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        OpenAiMessages.add(messages, request.messages());
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        var parameters = request.parameters();
        if (parameters.maxTokens() != null) {
            body.put("max_tokens", parameters.maxTokens());
        }
        if (parameters.temperature() != null) {
            body.put("temperature", parameters.temperature());
        }
        if (parameters.topP() != null) {
            body.put("top_p", parameters.topP());
        }
        if (parameters.topK() != null) {
            body.put("top_k", parameters.topK());
        }
        if (!parameters.stopSequences().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            parameters.stopSequences().forEach(stop::add);
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolSpec tool : request.tools()) {
                ObjectNode function = tools.addObject().put("type", "function").putObject("function");
                function.put("name", tool.name());
                if (tool.description() != null) {
                    function.put("description", tool.description());
                }
                function.set("parameters", tool.inputSchema());
            }
            String choice = request.toolChoice();
            if ("any".equals(choice)) {
                body.put("tool_choice", "required");
            } else if (choice != null && !"auto".equals(choice)) {
                body.putObject("tool_choice").put("type", "function").putObject("function").put("name", choice);
            }
        }
        boolean partial = !request.messages().isEmpty() && request.messages().getLast().role().equals("assistant");
        if (partial && continueFinalMessage) {
            body.put("continue_final_message", true).put("add_generation_prompt", false);
        }
        return body;
    }
}
