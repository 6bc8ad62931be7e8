package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.invoke.Usage;
import dev.outcrop.profileconfig.ParameterNames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One model family's native {@code InvokeModel} body: request, response, and stream chunks. */
interface NativeFamily {

    /** The family's name in error messages, e.g. "Anthropic Messages". */
    String name();

    /** An example of the expected request, shown when a body does not fit. */
    String example();

    /**
     * Where the family's body carries each inference parameter (JSON pointers, as Bedrock names a native body's
     * fields), so that a profile's limit or fixed value refuses a call in the caller's own field names; a parameter
     * the family cannot send is named as Anthropic's field would be.
     */
    ParameterNames parameterNames();

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

    /** What a family remembers across the events of one stream, and the stream's timing. */
    final class StreamState {
        /** Blocks whose start chunk was written. */
        final Set<Integer> startedBlocks = new HashSet<>();
        /** The stop reason, once known. */
        StopReason stopReason;
        /** The stop sequence that ended the answer, once known, or null. */
        String stopSequence;
        /** Output tokens so far. */
        int outputTokens;
        /** The call's input tokens as counted before it started (what a first chunk reports). */
        final int inputTokens;
        private final long startedAt = System.nanoTime();
        private long firstByteAt;

        /** A stream whose input was counted as {@code inputTokens}. */
        StreamState(int inputTokens) {
            this.inputTokens = inputTokens;
        }

        /** Notes the time of the stream's first content (its first byte of answer). */
        void saw(ChatEvent event) {
            if (firstByteAt == 0 && !(event instanceof ChatEvent.MessageStart)) {
                firstByteAt = System.nanoTime();
            }
        }

        /**
         * Bedrock's {@code amazon-bedrock-invocationMetrics} of the last chunk: the tokens, and the milliseconds
         * from the start of the stream to its end ({@code invocationLatency}) and to its first content
         * ({@code firstByteLatency}).
         */
        ObjectNode invocationMetrics(Usage usage) {
            long now = System.nanoTime();
            long firstByte = firstByteAt == 0 ? now : firstByteAt;
            return JsonNodeFactory.instance.objectNode()
                    .put("inputTokenCount", usage.inputTokens())
                    .put("outputTokenCount", usage.outputTokens())
                    .put("invocationLatency", (now - startedAt) / 1_000_000)
                    .put("firstByteLatency", (firstByte - startedAt) / 1_000_000);
        }
    }
}
