package dev.outcrop.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.invoke.Usage;
import dev.outcrop.providers.UpstreamCounts;
import java.io.IOException;
import java.util.Base64;
import java.util.Locale;

/**
 * What Outcrop reads of a model family's native answer (InvokeModel's body, or one chunk of
 * InvokeModelWithResponseStream), which it hands on unchanged: the generated text (to count a broken answer), the
 * stop reason and the usage. Nothing else is read, and nothing is rewritten. The families' shapes are those Bedrock
 * documents for Anthropic Messages, Amazon Nova, Meta Llama, Mistral and Amazon Titan Text.
 */
final class NativeAnswers {
    /** Bedrock's usage on the final chunk of every family's stream. */
    static final String METRICS = "amazon-bedrock-invocationMetrics";

    private NativeAnswers() {}

    /** The text generated in {@code answer} (a whole body or one chunk), empty when it carries none. */
    static String text(JsonNode answer) {
        StringBuilder text = new StringBuilder();
        // Anthropic: a stream's content_block_delta, or a body's content blocks
        text.append(answer.path("delta").path("text").asText(""));
        for (JsonNode block : answer.path("content")) {
            text.append(block.path("text").asText(""));
        }
        // Nova: a stream's contentBlockDelta, or a body's output message
        text.append(answer.path("contentBlockDelta").path("delta").path("text").asText(""));
        for (JsonNode block : answer.path("output").path("message").path("content")) {
            text.append(block.path("text").asText(""));
        }
        text.append(answer.path("generation").asText(""));          // Llama
        text.append(answer.path("outputText").asText(""));          // Titan stream
        text.append(answer.path("results").path(0).path("outputText").asText("")); // Titan body
        text.append(answer.path("outputs").path(0).path("text").asText(""));       // Mistral
        return text.toString();
    }

    /** The stop reason {@code answer} states, or null when it states none. */
    static StopReason stopReason(JsonNode answer) {
        String wire = first(answer.path("stop_reason"), answer.path("delta").path("stop_reason"),
                answer.path("messageStop").path("stopReason"), answer.path("stopReason"),
                answer.path("completionReason"), answer.path("results").path(0).path("completionReason"),
                answer.path("outputs").path(0).path("stop_reason"));
        if (wire == null) {
            return null;
        }
        return switch (wire.toLowerCase(Locale.ROOT)) {
            case "length", "max_tokens" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "tool_use" -> StopReason.TOOL_USE;
            case "content_filtered", "guardrail_intervened" -> StopReason.CONTENT_FILTERED;
            default -> StopReason.END_TURN;
        };
    }

    /**
     * The native chunk one InvokeModelWithResponseStream frame carries: its payload's {@code bytes}, base64 of a JSON
     * object; anything else is a broken answer.
     */
    static JsonNode chunk(ObjectMapper json, JsonNode payload) throws IOException {
        JsonNode chunk;
        try {
            chunk = payload == null ? null : json.readTree(Base64.getDecoder().decode(payload.path("bytes").asText("")));
        } catch (IllegalArgumentException notBase64) {
            throw new IOException("a chunk whose bytes are not base64", notBase64);
        }
        if (chunk == null || !chunk.isObject()) {
            throw new IOException("a chunk that is not a JSON object");
        }
        return chunk;
    }

    /** The usage of a stream's final chunk ({@link #METRICS}), or null for another chunk. */
    static Usage streamUsage(JsonNode chunk) throws IOException {
        JsonNode metrics = chunk.path(METRICS);
        if (!metrics.isObject()) {
            return null;
        }
        return UpstreamCounts.usage(metrics.path("inputTokenCount").asLong(0), metrics.path("outputTokenCount").asLong(0),
                metrics.path("cacheReadInputTokenCount").asLong(0), metrics.path("cacheWriteInputTokenCount").asLong(0));
    }

    /**
     * The usage of a plain answer: Bedrock's {@code X-Amzn-Bedrock-*-Token-Count} headers ({@code inputHeader},
     * {@code outputHeader}, null when absent), else the body's own counts.
     */
    static Usage bodyUsage(JsonNode body, String inputHeader, String outputHeader) throws IOException {
        if (inputHeader != null && outputHeader != null) {
            long input;
            long output;
            try {
                input = Long.parseLong(inputHeader.trim());
                output = Long.parseLong(outputHeader.trim());
            } catch (NumberFormatException e) {
                return bodyUsage(body, null, null); // read from the body instead
            }
            return UpstreamCounts.usage(input, output, 0, 0);
        }
        JsonNode usage = body.path("usage");
        long input = firstInt(usage.path("input_tokens"), usage.path("inputTokens"), body.path("prompt_token_count"),
                body.path("inputTextTokenCount"));
        long output = firstInt(usage.path("output_tokens"), usage.path("outputTokens"),
                body.path("generation_token_count"), body.path("results").path(0).path("tokenCount"));
        return UpstreamCounts.usage(input, output, 0, 0);
    }

    private static long firstInt(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            if (node.canConvertToLong()) {
                return node.asLong();
            }
        }
        return 0;
    }

    private static String first(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            if (node.isTextual() && !node.asText().isEmpty()) {
                return node.asText();
            }
        }
        return null;
    }
}
