package dev.outcrop.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.invoke.ChatEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Converse answer body as {@link ChatEvent}s, for the ledger, a cascade's checks and an output schema's check:
 * read only as far as the blocks, the stop reason and the usage go. The caller gets the body itself.
 */
final class ConverseAnswers {
    private ConverseAnswers() {}

    /** The events of {@code answer}; an answer without {@code output.message} is refused. */
    static List<ChatEvent> events(JsonNode answer) throws IOException {
        JsonNode message = answer.path("output").path("message");
        if (!message.isObject()) {
            throw new IOException("the answer has no output.message");
        }
        List<ChatEvent> events = new ArrayList<>();
        events.add(new ChatEvent.MessageStart(message.path("role").asText("assistant")));
        int index = 0;
        for (JsonNode block : message.path("content")) {
            ChatEvent event = block(index, block);
            if (event instanceof ChatEvent.ToolUseStart start) {
                events.add(start);
                JsonNode input = block.path("toolUse").path("input");
                events.add(new ChatEvent.ToolInputDelta(index, input.isMissingNode() ? "{}" : input.toString()));
            } else if (event != null) {
                events.add(event);
            }
            if (event != null) {
                events.add(new ChatEvent.BlockStop(index));
            }
            index++;
        }
        events.add(new ChatEvent.MessageStop(ConverseStreamEvents.stopReason(answer.path("stopReason").asText())));
        events.add(new ChatEvent.Metadata(ConverseStreamEvents.usage(answer.path("usage"))));
        return events;
    }

    /** The event a content block opens with, or null for one Outcrop does not read (an image, a citation). */
    private static ChatEvent block(int index, JsonNode block) {
        if (block.path("text").isTextual()) {
            return new ChatEvent.TextDelta(index, block.path("text").asText());
        }
        JsonNode use = block.path("toolUse");
        if (use.isObject()) {
            return new ChatEvent.ToolUseStart(index, use.path("toolUseId").asText(), use.path("name").asText());
        }
        JsonNode reasoning = block.path("reasoningContent").path("reasoningText").path("text");
        return reasoning.isTextual() ? new ChatEvent.ReasoningDelta(index, reasoning.asText()) : null;
    }
}
