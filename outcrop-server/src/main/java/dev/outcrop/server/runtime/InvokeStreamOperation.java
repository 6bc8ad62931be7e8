package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.NativeRequest;
import dev.outcrop.server.Reply;
import dev.outcrop.server.protocol.EventStreamEncoder;
import dev.outcrop.server.protocol.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code InvokeModelWithResponseStream}: InvokeModel's native body, the answer as the family's native chunks. */
final class InvokeStreamOperation extends InvokeModelOperation {
    InvokeStreamOperation(Catalog catalog) {
        super(catalog, ConverseStreamOperation.inChunks(catalog));
    }

    @Override
    NativeRequest.Operation nativeOperation() {
        return NativeRequest.Operation.INVOKE_STREAM;
    }

    @Override
    public Reply reply(RuntimeCall call, Consumer<AnswerSink> answering) {
        NativeFamily family = family(call.target());
        return new Reply.Stream(Map.of("X-Amzn-Bedrock-Content-Type", JSON),
                out -> answering.accept(new Chunks(out, call, family)));
    }

    /** The events as native chunks; the final chunks, with the usage, held until the usage record is durable. */
    private static final class Chunks extends StreamedAnswer {
        private final NativeFamily family;
        private final NativeFamily.StreamState state;
        private final List<byte[]> last = new ArrayList<>(2);

        private final RuntimeCall call;
        /** Whether the upstream's own chunks are handed on (Bedrock): the events are then not rendered. */
        private boolean passthrough;

        Chunks(Reply.EventSink out, RuntimeCall call, NativeFamily family) {
            super(out, call);
            this.call = call;
            this.family = family;
            this.state = new NativeFamily.StreamState(call.inputTokens());
        }

        @Override
        public void nativeAnswer(byte[] payload, boolean lastChunk) {
            passthrough = true;
            if (lastChunk && PromptRouting.traces(call)) {
                payload = traced(payload); // the router's trace, as Bedrock adds it to the final chunk
            }
            byte[] frame = EventStreamEncoder.event("chunk", payload);
            if (lastChunk) {
                last.add(frame);
            } else {
                out.send(frame);
            }
        }

        private byte[] traced(byte[] payload) {
            try {
                ObjectNode wrapper = (ObjectNode) Json.mapper().readTree(payload);
                ObjectNode chunk = (ObjectNode) Json.mapper().readTree(Base64.getDecoder().decode(wrapper.path("bytes").asText()));
                PromptRouting.nativeTrace(chunk, call);
                return Json.write(Map.of("bytes", Base64.getEncoder().encodeToString(Json.write(chunk))));
            } catch (IOException | RuntimeException e) {
                return payload; // a chunk that does not read as one is handed on as it came
            }
        }

        @Override
        public void accept(ChatEvent event) {
            if (passthrough) {
                return; // the upstream's chunks went out as they came
            }
            state.saw(event);
            for (ObjectNode chunk : family.chunks(call.target().modelId(), event, state)) {
                if (event instanceof ChatEvent.Metadata) {
                    PromptRouting.nativeTrace(chunk, call); // with the final chunks, as Bedrock's invocation metrics
                }
                byte[] payload = Json.write(Map.of("bytes", Base64.getEncoder().encodeToString(Json.write(chunk))));
                byte[] frame = EventStreamEncoder.event("chunk", payload);
                if (event instanceof ChatEvent.Metadata) {
                    last.add(frame);
                } else {
                    out.send(frame);
                }
            }
        }

        @Override
        Reply complete(RuntimeCall call) {
            last.forEach(out::send);
            return null;
        }
    }
}
