package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.invoke.ChatAccumulator;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.server.Reply;
import dev.outcrop.server.protocol.EventStreamEncoder;
import dev.outcrop.server.protocol.Json;
import java.util.Map;
import java.util.function.Consumer;

/** {@code ConverseStream}: Converse's request, the answer as {@code ConverseStreamOutput} events. */
final class ConverseStreamOperation extends ConverseFamily {
    ConverseStreamOperation(Catalog catalog) {
        super(catalog);
    }

    @Override
    public dev.outcrop.invoke.NativeRequest nativeRequest(RuntimeCall call) {
        return new dev.outcrop.invoke.NativeRequest(dev.outcrop.invoke.NativeRequest.Operation.CONVERSE,
                call.wire().request().body());
    }

    @Override
    public Reply reply(RuntimeCall call, Consumer<AnswerSink> answering) {
        ResponseFields fields = responseFields(call);
        return new Reply.Stream(Map.of(), out -> answering.accept(new Events(out, call, fields)));
    }

    /** The events as frames; the metadata frame, with the usage, held until the usage record is durable. */
    private static final class Events extends StreamedAnswer {
        private final long start = System.nanoTime();
        private final ResponseFields fields;
        private final ChatAccumulator answer; // what the requested response fields are read from, when some are
        private byte[] metadata;
        private final RuntimeCall call;

        Events(Reply.EventSink out, RuntimeCall call, ResponseFields fields) {
            super(out, call);
            this.call = call;
            this.fields = fields;
            this.answer = fields == null ? null : new ChatAccumulator();
        }

        @Override
        public void accept(ChatEvent event) {
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
            byte[] frame = EventStreamEncoder.event(streamEvent.type(), Json.write(streamEvent.payload()));
            if (event instanceof ChatEvent.Metadata) {
                metadata = frame;
            } else {
                out.send(frame);
            }
        }

        @Override
        Reply complete(RuntimeCall call) {
            out.send(metadata);
            return null;
        }
    }
}
