package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Bedrock's rules for tool results, checked before any model sees the conversation: the turn after one that
 * used tools answers each of those {@code toolUse}s with a {@code toolResult}, each {@code toolResult} answers a
 * {@code toolUse} of the turn just before it, and a failed one says why.
 */
final class ToolResultPairing {
    private ToolResultPairing() {}

    /**
     * Refuses, in Bedrock's words, the first turn whose tool results do not answer exactly the tool uses of the
     * turn before it.
     */
    static void check(JsonNode messages) {
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            List<String> answered = new ArrayList<>();
            for (int j = 0; j < content.size(); j++) {
                JsonNode result = content.get(j).get("toolResult");
                if (result == null) {
                    continue;
                }
                answered.add(result.path("toolUseId").asText());
                if ("error".equals(result.path("status").asText()) && result.path("content").isEmpty()) {
                    throw new ValidationException("The content field at messages." + i + ".content." + j
                            + ".toolResult cannot be empty when status value is error.");
                }
            }
            Set<String> asked = i == 0 ? Set.of() : toolUseIds(messages.get(i - 1).path("content"));
            if (answered.isEmpty() && asked.isEmpty()) {
                continue;
            }
            if (answered.size() > asked.size()) {
                throw new ValidationException("The number of toolResult blocks at messages." + i
                        + ".content exceeds the number of toolUse blocks of previous turn.");
            }
            if (!asked.containsAll(answered) || !answered.containsAll(asked)) {
                Set<String> unanswered = new LinkedHashSet<>(asked);
                unanswered.removeAll(answered);
                throw new ValidationException("Expected toolResult blocks at messages." + i
                        + ".content for the following Ids: " + String.join(", ", unanswered));
            }
        }
    }

    private static Set<String> toolUseIds(JsonNode content) {
        Set<String> ids = new LinkedHashSet<>();
        content.forEach(block -> {
            JsonNode use = block.get("toolUse");
            if (use != null && !use.has("type")) { // a typed one is a system tool's call, which the service answers
                ids.add(use.path("toolUseId").asText());
            }
        });
        return ids;
    }
}
