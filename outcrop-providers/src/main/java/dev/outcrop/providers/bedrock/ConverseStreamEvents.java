package dev.outcrop.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.invoke.Usage;
import dev.outcrop.providers.UpstreamCounts;
import java.io.IOException;

/**
 * The events of a ConverseStream answer (one event-stream frame each, its {@code :event-type} and JSON payload)
 * as {@link ChatEvent}s: read only as far as the blocks, the stop reason and the usage go.
 */
final class ConverseStreamEvents {
    private ConverseStreamEvents() {}

    /** The chat event of one frame, or null for an event Outcrop does not carry on; a broken one is refused. */
    static ChatEvent event(String type, JsonNode payload) throws IOException {
        return switch (type) {
            case "messageStart" -> new ChatEvent.MessageStart(payload.path("role").asText("assistant"));
            case "contentBlockStart" -> {
                JsonNode use = payload.path("start").path("toolUse");
                yield use.isObject() ? new ChatEvent.ToolUseStart(index(payload), use.path("toolUseId").asText(),
                        use.path("name").asText()) : null;
            }
            case "contentBlockDelta" -> delta(index(payload), payload.path("delta"));
            case "contentBlockStop" -> new ChatEvent.BlockStop(index(payload));
            case "messageStop" -> new ChatEvent.MessageStop(stopReason(payload.path("stopReason").asText()));
            case "metadata" -> new ChatEvent.Metadata(usage(payload.path("usage")));
            default -> null;
        };
    }

    private static ChatEvent delta(int index, JsonNode delta) {
        if (delta.has("text")) {
            return new ChatEvent.TextDelta(index, delta.path("text").asText());
        }
        if (delta.has("toolUse")) {
            return new ChatEvent.ToolInputDelta(index, delta.path("toolUse").path("input").asText());
        }
        if (delta.path("reasoningContent").has("text")) {
            return new ChatEvent.ReasoningDelta(index, delta.path("reasoningContent").path("text").asText());
        }
        return null; // a signature or redacted reasoning: nothing a ChatEvent holds
    }

    private static int index(JsonNode payload) {
        return payload.path("contentBlockIndex").asInt(0);
    }

    /** Bedrock's stop reason; those without a ChatEvent counterpart (guardrails, context window) end the turn. */
    static StopReason stopReason(String wire) {
        for (StopReason reason : StopReason.values()) {
            if (reason.wire().equals(wire)) {
                return reason;
            }
        }
        return "guardrail_intervened".equals(wire) ? StopReason.CONTENT_FILTERED : StopReason.END_TURN;
    }

    static Usage usage(JsonNode usage) throws IOException {
        return UpstreamCounts.usage(usage.path("inputTokens").asLong(0), usage.path("outputTokens").asLong(0),
                usage.path("cacheReadInputTokens").asLong(0), usage.path("cacheWriteInputTokens").asLong(0));
    }
}
