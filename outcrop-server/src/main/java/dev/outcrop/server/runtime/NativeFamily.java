package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ChatResult;
import java.util.List;

/** One model family's native {@code InvokeModel} body: request, response, and stream chunks. */
interface NativeFamily {

    /** The family's name in error messages, e.g. "Anthropic Messages". */
    String name();

    /** An example of the expected request, shown when a body does not fit. */
    String example();

    /**
     * Reads a native request.
     *
     * @return the request, or null when {@code body} is not of this family's shape
     */
    ChatRequest parse(JsonNode body);

    /** The native response to a complete answer. */
    ObjectNode response(String modelId, ChatResult result);

    /** Writes the stream chunks of one event (zero, one or more); {@code state} lives for one stream. */
    List<ObjectNode> chunks(String modelId, ChatEvent event, StreamState state);

    /** What a family remembers across the events of one stream. */
    final class StreamState {
        /** Blocks whose start chunk was written. */
        final java.util.Set<Integer> startedBlocks = new java.util.HashSet<>();
        /** The stop reason, once known. */
        dev.outcrop.invoke.StopReason stopReason;
        /** Output tokens so far. */
        int outputTokens;
    }
}
