package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.NativeRequest;
import dev.outcrop.server.Reply;
import java.util.function.Consumer;

/** {@code CountTokens}: a Converse request or a native InvokeModel body, answered with its input tokens. */
final class CountTokensOperation implements ModelOperation {
    record CountTokensResponse(int inputTokens) {}

    @Override
    public ChatRequest parse(RuntimeCall call) {
        JsonNode input = call.wire().input().node("input");
        return input.has("converse") ? ConverseCodec.request(input.path("converse"))
                : InvokeBodies.countTokensRequest(call.target(), input.path("invokeModel").path("body").asText());
    }

    @Override
    public NativeRequest nativeRequest(RuntimeCall call) {
        return new NativeRequest(NativeRequest.Operation.COUNT_TOKENS, call.wire().request().body());
    }

    @Override
    public boolean invokesModel() {
        return false;
    }

    @Override
    public Reply reply(RuntimeCall call, Consumer<AnswerSink> answering) {
        answering.accept(new Count());
        return call.reply();
    }

    /** Nothing is generated: the answer is the count. */
    private static final class Count extends AnswerSink {
        @Override
        public void accept(ChatEvent event) {
            throw new IllegalStateException("CountTokens runs no model");
        }

        @Override
        Reply complete(RuntimeCall call) {
            return new Reply.Json(new CountTokensResponse(call.inputTokens()));
        }
    }
}
