package dev.outcrop.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.OutputBound;
import dev.outcrop.invoke.OutputSchema;
import dev.outcrop.invoke.ToolSpec;

/** Writes a chat request as an OpenAI {@code /chat/completions} body. */
final class OpenAiRequests {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiRequests() {}

    /**
     * The streaming request body. A trailing assistant message is a partial answer to continue: with
     * {@code continueFinalMessage} the vLLM extension fields ask the server to extend it. {@code modelId} is the
     * catalog's id of the model, whose family may bound an answer lower than the default.
     */
    static ObjectNode body(String modelId, String remoteModel, ChatRequest request, boolean continueFinalMessage) {
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
        // Always the bound the call reserved: without max_tokens, vLLM generates to the end of its context.
        // (vLLM and OpenAI read max_completion_tokens before max_tokens; it is refused among the extra fields.)
        body.put("max_tokens", OutputBound.of(modelId, parameters));
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
        addResponseFormat(body, request);
        if (request.reportConfidence()) {
            body.put("logprobs", true); // a cascading router's confidence check
        }
        boolean partial = !request.messages().isEmpty() && request.messages().getLast().role().equals("assistant");
        if (partial && continueFinalMessage) {
            body.put("continue_final_message", true).put("add_generation_prompt", false);
        }
        addAdditionalFields(body, request);
        return body;
    }

    /**
     * Converse's {@code outputConfig} as OpenAI's {@code response_format}: {@code json_schema} with
     * {@code strict}, which vLLM and OpenAI honour by constraining decoding. The answer is checked against the
     * schema all the same ({@code OutputSchemaCheck}): not every compatible server honours it.
     */
    private static void addResponseFormat(ObjectNode body, ChatRequest request) {
        OutputSchema schema = request.outputSchema();
        if (schema == null) {
            return;
        }
        ObjectNode jsonSchema = body.putObject("response_format").put("type", "json_schema").putObject("json_schema");
        // OpenAI requires a name of [a-zA-Z0-9_-]{1,64}; Bedrock's is optional and free.
        String name = schema.name() == null ? "" : schema.name().replaceAll("[^a-zA-Z0-9_-]", "_");
        jsonSchema.put("name", name.isEmpty() ? "answer" : name.substring(0, Math.min(64, name.length())));
        if (schema.description() != null) {
            jsonSchema.put("description", schema.description());
        }
        jsonSchema.set("schema", schema.schema());
        jsonSchema.put("strict", true);
    }

    /**
     * Converse's {@code additionalModelRequestFields} as members of the body: the backend's own parameters
     * (vLLM's {@code repetition_penalty}, {@code min_p}, ...). {@code top_k} is already a sampling parameter; a
     * field that would replace one Outcrop sets is refused, naming it, rather than one of the two dropped, and so
     * is one that would make the answer longer or more numerous than {@code max_tokens} ({@link OutputBound}).
     */
    private static void addAdditionalFields(ObjectNode body, ChatRequest request) {
        JsonNode additional = request.additionalFields();
        if (additional == null || !additional.isObject()) {
            return;
        }
        OutputBound.checkAdditionalFields(additional);
        for (var field : additional.properties()) {
            if (field.getKey().equals("top_k")) {
                continue;
            }
            if (body.has(field.getKey())) {
                throw new ValidationException("1 validation error detected: Value at 'additionalModelRequestFields."
                        + field.getKey() + "' failed to satisfy constraint: The field is set from the request's own "
                        + "members; set it there instead.");
            }
            body.set(field.getKey(), field.getValue());
        }
    }
}
