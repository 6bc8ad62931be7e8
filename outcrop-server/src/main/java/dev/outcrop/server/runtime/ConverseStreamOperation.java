package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.invoke.ChatAccumulator;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.NativeRequest;
import dev.outcrop.server.Reply;
import dev.outcrop.server.protocol.EventStreamEncoder;
import dev.outcrop.server.protocol.Json;
import dev.outcrop.util.EventStreamFrame;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code ConverseStream}: Converse's request, the answer as {@code ConverseStreamOutput} events; or, for an
 * InvokeModelWithResponseStream call through a prompt ({@link #inChunks}), each of those events as one native chunk.
 */
final class ConverseStreamOperation extends ConverseFamily {
    private final boolean chunks;
    private final Map<String, String> streamHeaders;

    ConverseStreamOperation(Catalog catalog) {
        this(catalog, false, Map.of());
    }

    private ConverseStreamOperation(Catalog catalog, boolean chunks, Map<String, String> streamHeaders) {
        super(catalog);
        this.chunks = chunks;
        this.streamHeaders = streamHeaders;
    }

    /**
     * ConverseStream answered in InvokeModelWithResponseStream's frames: each event one chunk,
     * {@code {"EVENT": {...}}} as ConverseStream names and shapes it.
     */
    static ConverseStreamOperation inChunks(Catalog catalog) {
        return new ConverseStreamOperation(catalog, true,
                Map.of("X-Amzn-Bedrock-Content-Type", InvokeModelOperation.JSON));
    }

    @Override
    public NativeRequest nativeRequest(RuntimeCall call) {
        return new NativeRequest(NativeRequest.Operation.CONVERSE_STREAM, call.wire().request().body(),
                NativeRequest.CONVERSE_MAX_TOKENS);
    }

    @Override
    public Reply reply(RuntimeCall call, Consumer<AnswerSink> answering) {
        ResponseFields fields = responseFields(call);
        return new Reply.Stream(streamHeaders, out -> answering.accept(new Events(out, call, fields, chunks)));
    }

    /**
     * The events as frames, or the upstream's own event-stream messages as they came (a Bedrock upstream called with
     * the caller's body); the metadata frame, with the usage, held until the usage record is durable. After the
     * upstream's own messages, a continuation by another deployment is rendered: its frames are of the same form.
     */
    private static final class Events extends StreamedAnswer {
        private final long start = System.nanoTime();
        private final ResponseFields fields;
        private final ChatAccumulator answer; // what the requested response fields are read from, when some are
        private final boolean chunks;
        private byte[] metadata;
        private final RuntimeCall call;
        /** Whether the upstream's own messages are going out, which the events read from them stand for. */
        private boolean handedOn;

        Events(Reply.EventSink out, RuntimeCall call, ResponseFields fields, boolean chunks) {
            super(out, call);
            this.call = call;
            this.fields = fields;
            this.chunks = chunks;
            this.answer = fields == null ? null : new ChatAccumulator();
        }

        @Override
        public void nativeAnswer(byte[] message, boolean last) {
            if (chunks) {
                return; // a call through a prompt is a request Outcrop wrote: never handed natively
            }
            handedOn = true;
            if (last) {
                metadata = PromptRouting.traces(call) ? traced(message) : message;
            } else {
                out.send(message);
            }
        }

        /** The upstream's metadata message with the router's trace added, as Bedrock adds it there. */
        private byte[] traced(byte[] message) {
            try {
                EventStreamFrame frame = EventStreamFrame.decode(message);
                ObjectNode payload = (ObjectNode) Json.mapper().readTree(frame.payload());
                PromptRouting.trace(payload, call);
                return EventStreamEncoder.event("metadata", Json.write(payload));
            } catch (IOException | RuntimeException e) {
                return message; // a message that does not read as one is handed on as it came
            }
        }

        @Override
        public boolean continuesNativeAnswers() {
            return !chunks;
        }

        @Override
        public void nativeAnswerEnded() {
            handedOn = false;
        }

        @Override
        public void accept(ChatEvent event) {
            if (handedOn) {
                if (fields != null) {
                    answer.accept(event); // a continuation's response fields are read from the whole answer
                }
                return; // the upstream's own message went out for it
            }
            ConverseCodec.StreamEvent streamEvent = ConverseCodec.streamEvent(event, (System.nanoTime() - start) / 1_000_000);
            if (event instanceof ChatEvent.Metadata) {
                PromptRouting.trace(streamEvent.payload(), call);
            }
            if (fields != null) {
                answer.accept(event);
                if (event instanceof ChatEvent.MessageStop) {
                    addResponseFields(streamEvent.payload(), fields, answer.result());
                }
            }
            byte[] frame = chunks ? chunk(streamEvent.type(), streamEvent.payload())
                    : EventStreamEncoder.event(streamEvent.type(), Json.write(streamEvent.payload()));
            if (event instanceof ChatEvent.Metadata) {
                metadata = frame;
            } else {
                out.send(frame);
            }
        }

        private static byte[] chunk(String type, ObjectNode payload) {
            byte[] chunk = Json.write(Map.of(type, payload));
            return EventStreamEncoder.event("chunk", Json.write(Map.of("bytes", Base64.getEncoder().encodeToString(chunk))));
        }

        @Override
        Reply complete(RuntimeCall call) {
            if (metadata != null) {
                out.send(metadata);
            }
            return null;
        }
    }
}
