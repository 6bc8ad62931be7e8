package dev.outcrop.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A model call in provider-neutral form: what {@code Converse} carries, and what every native
 * {@code InvokeModel} body is translated into.
 *
 * @param system system prompts
 * @param messages the conversation, oldest first
 * @param parameters inference parameters
 * @param tools the tools the model may call; empty for none
 * @param toolChoice {@code auto}, {@code any}, a tool name, or null
 * @param additionalFields model-specific request fields passed through, or null
 * @param outputSchema the JSON schema the answer's text must conform to ({@code outputConfig}), or null
 * @param reportConfidence whether the provider should ask its backend for the generated tokens' log-probabilities
 *        and report them ({@link ChatEvent.Metadata#confidence}); Outcrop's own need (a cascading router's check),
 *        never a caller's member
 */
public record ChatRequest(List<String> system, List<Message> messages, InferenceParameters parameters,
                          List<ToolSpec> tools, String toolChoice, JsonNode additionalFields, OutputSchema outputSchema,
                          boolean reportConfidence) {
    /** Copies the lists. */
    public ChatRequest {
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        parameters = parameters == null ? InferenceParameters.DEFAULTS : parameters;
        tools = List.copyOf(tools);
    }

    /** A request that does not ask for the answer's confidence. */
    public ChatRequest(List<String> system, List<Message> messages, InferenceParameters parameters,
                       List<ToolSpec> tools, String toolChoice, JsonNode additionalFields, OutputSchema outputSchema) {
        this(system, messages, parameters, tools, toolChoice, additionalFields, outputSchema, false);
    }

    /** A request whose answer is free text. */
    public ChatRequest(List<String> system, List<Message> messages, InferenceParameters parameters,
                       List<ToolSpec> tools, String toolChoice, JsonNode additionalFields) {
        this(system, messages, parameters, tools, toolChoice, additionalFields, null);
    }

    /** This request with other parameters. */
    public ChatRequest withParameters(InferenceParameters newParameters) {
        return new ChatRequest(system, messages, newParameters, tools, toolChoice, additionalFields, outputSchema,
                reportConfidence);
    }

    /** This request asking the provider to report the answer's confidence. */
    public ChatRequest reportingConfidence() {
        return new ChatRequest(system, messages, parameters, tools, toolChoice, additionalFields, outputSchema, true);
    }

    /** The request with a partial assistant answer appended, for a provider to continue from. */
    public ChatRequest continuing(String partialAnswer) {
        return continuing(partialAnswer, parameters.maxTokens());
    }

    /**
     * The request with a partial assistant answer appended, for a provider to continue from, asking for at
     * most {@code tokensLeft} more tokens (null: no limit).
     */
    public ChatRequest continuing(String partialAnswer, Integer tokensLeft) {
        List<Message> extended = new java.util.ArrayList<>(messages);
        extended.add(new Message("assistant", List.of(new ContentBlock.Text(partialAnswer))));
        return new ChatRequest(system, extended, parameters.withMaxTokens(tokensLeft), tools, toolChoice, additionalFields,
                outputSchema, reportConfidence);
    }
}
