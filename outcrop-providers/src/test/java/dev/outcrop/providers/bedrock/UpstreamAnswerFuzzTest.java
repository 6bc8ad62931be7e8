package dev.outcrop.providers.bedrock;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.Usage;
import dev.outcrop.util.EventStreamFrame;
import java.io.IOException;
import java.util.Arrays;

/**
 * Fuzz target of what an upstream Bedrock sends back (Jazzer; docs/security.md): bytes read as event-stream frames
 * (in pieces, as they arrive), each frame's payload read as a ConverseStream event and as an
 * InvokeModelWithResponseStream chunk, and as a plain InvokeModel answer. Everything is read or refused as a
 * broken answer ({@link IOException}), never another exception; and no usage read is negative.
 */
class UpstreamAnswerFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TYPES = {"messageStart", "contentBlockStart", "contentBlockDelta",
        "contentBlockStop", "messageStop", "metadata"};

    @FuzzTest(maxDuration = "2s")
    void framesAndAnswersAreReadOrRefusedAndNeverCountBelowZero(byte[] bytes) {
        EventStreamFrame.Reader frames = new EventStreamFrame.Reader();
        try {
            int half = bytes.length / 2;
            frames.add(Arrays.copyOfRange(bytes, 0, half));
            frames.add(Arrays.copyOfRange(bytes, half, bytes.length));
            for (EventStreamFrame frame = frames.next(); frame != null; frame = frames.next()) {
                read(frame.payload());
            }
        } catch (IOException refused) {
            // a broken stream
        }
        try {
            read(bytes);
        } catch (IOException refused) {
            // a broken answer
        }
    }

    private static void read(byte[] payload) throws IOException {
        JsonNode node = JSON.readTree(payload);
        if (node == null) {
            return;
        }
        try {
            for (ChatEvent event : ConverseAnswers.events(node)) {
                if (event instanceof ChatEvent.Metadata metadata) {
                    check(metadata.usage());
                }
            }
        } catch (IOException refused) {
            // not a Converse answer
        }
        for (String type : TYPES) {
            if (ConverseStreamEvents.event(type, node) instanceof ChatEvent.Metadata metadata) {
                check(metadata.usage());
            }
        }
        Usage streamed = NativeAnswers.streamUsage(node);
        if (streamed != null) {
            check(streamed);
        }
        check(NativeAnswers.bodyUsage(node, node.path("in").asText(null), node.path("out").asText(null)));
        NativeAnswers.text(node);
        NativeAnswers.stopReason(node);
        NativeAnswers.chunk(JSON, node);
    }

    private static void check(Usage usage) {
        if (usage.inputTokens() < 0 || usage.outputTokens() < 0 || usage.cacheReadInputTokens() < 0
                || usage.cacheWriteInputTokens() < 0) {
            throw new IllegalStateException("a negative usage: " + usage);
        }
    }
}
