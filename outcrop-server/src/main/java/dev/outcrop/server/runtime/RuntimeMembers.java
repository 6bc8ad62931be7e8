package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.OutputSchema;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;

/**
 * The runtime input members that change how a call is served rather than what the model reads: each one
 * either takes effect or is refused with a ValidationException that names it, never dropped (the table in
 * docs/runtime.md says which). Bound and Smithy-validated input is assumed.
 */
final class RuntimeMembers {
    private static final ObjectMapper JSON = JsonMappers.mapper();
    private static final String SCHEMA_MEMBER = "outputConfig.textFormat.structure.jsonSchema.schema";

    private RuntimeMembers() {}

    /**
     * Refuses a guardrail: Outcrop has none, and Bedrock answers a guardrail it does not know with this
     * error (for Converse's {@code guardrailConfig} and InvokeModel's {@code X-Amzn-Bedrock-GuardrailIdentifier}).
     */
    static void refuseGuardrail(boolean requested) {
        if (requested) {
            throw new ValidationException("The guardrail identifier or version provided in the request does not exist.");
        }
    }

    /** Refuses {@code optimized} latency: no deployment offers a latency-optimized version of a model. */
    static void checkLatency(String latency, String member) {
        if (latency != null && !latency.equals("standard")) {
            throw new ValidationException("1 validation error detected: Value '" + latency + "' at '" + member
                    + "' failed to satisfy constraint: Latency-optimized inference isn't supported for this model. "
                    + "Use 'standard'.");
        }
    }

    /** Refuses a service tier other than {@code default}: every call is served in the one tier there is. */
    static void checkServiceTier(String tier, String member) {
        if (tier != null && !tier.equals("default")) {
            throw new ValidationException("1 validation error detected: Value '" + tier + "' at '" + member
                    + "' failed to satisfy constraint: The service tier isn't supported for this model. Use 'default'.");
        }
    }

    /**
     * Checks what Converse reads from {@code toolConfig.tools} beyond a tool's name, description and schema:
     * system tools (the model provider's own) and strict tool use are not offered by any backend here.
     */
    static void checkTools(JsonNode toolConfig) {
        JsonNode tools = toolConfig.path("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (tool.has("systemTool")) {
                throw new ValidationException("1 validation error detected: Value '" + tool.path("systemTool")
                        .path("name").asText() + "' at 'toolConfig.tools." + (i + 1) + ".member.systemTool.name' failed "
                        + "to satisfy constraint: This model doesn't support system tools.");
            }
            if (tool.path("toolSpec").path("strict").asBoolean(false)) {
                throw new ValidationException("1 validation error detected: Value 'true' at 'toolConfig.tools." + (i + 1)
                        + ".member.toolSpec.strict' failed to satisfy constraint: This model doesn't support strict tool "
                        + "use.");
            }
        }
    }

    /**
     * Refuses the {@code type} of a {@code toolUse} or {@code toolResult} block: it marks the call or result of
     * a system tool, which no backend here runs (see {@link #checkTools}).
     */
    static void refuseServerToolBlock(JsonNode block) {
        for (String kind : new String[] {"toolUse", "toolResult"}) {
            JsonNode type = block.path(kind).get("type");
            if (type != null) {
                throw new ValidationException("1 validation error detected: Value '" + type.asText() + "' at '" + kind
                        + ".type' failed to satisfy constraint: This model doesn't support system tools.");
            }
        }
    }

    /**
     * Checks {@code additionalModelResponseFieldPaths}: Bedrock refuses an empty or malformed JSON Pointer with a
     * 400 and leaves out a well-formed one that names no field of the model's answer.
     */
    static void checkResponseFieldPaths(JsonNode paths) {
        for (JsonNode path : paths) {
            String pointer = path.asText();
            if (!pointer.startsWith("/") || pointer.matches(".*~([^01].*|$)")) {
                throw new ValidationException("1 validation error detected: Value '" + pointer
                        + "' at 'additionalModelResponseFieldPaths' failed to satisfy constraint: Member must be a "
                        + "valid JSON Pointer (RFC 6901), such as '/stop_sequence'.");
            }
        }
    }

    /** The schema of {@code outputConfig}, or null for free text. */
    static OutputSchema outputSchema(JsonNode outputConfig) {
        JsonNode format = outputConfig.path("textFormat");
        if (format.isMissingNode()) {
            return null;
        }
        JsonNode definition = format.path("structure").path("jsonSchema");
        JsonNode schema;
        try {
            schema = JSON.readTree(definition.path("schema").asText());
        } catch (IOException e) {
            throw invalidSchema("Member must be a JSON schema, as a JSON string");
        }
        try {
            return OutputSchema.of(definition.path("name").asText(null), definition.path("description").asText(null),
                    schema);
        } catch (IllegalArgumentException e) {
            throw invalidSchema("Member must be a valid JSON schema (draft 2020-12): " + e.getMessage());
        }
    }

    // The schema is @sensitive in the model: the message names the member, not its value.
    private static ValidationException invalidSchema(String constraint) {
        return new ValidationException("1 validation error detected: Value at '" + SCHEMA_MEMBER
                + "' failed to satisfy constraint: " + constraint);
    }
}
