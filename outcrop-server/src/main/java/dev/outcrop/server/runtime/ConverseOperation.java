package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.invoke.Invocation;
import dev.outcrop.invoke.NativeRequest;
import dev.outcrop.server.Reply;
import dev.outcrop.server.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** {@code Converse}: the request's members read by {@link ConverseCodec}, the gathered answer as one JSON body. */
final class ConverseOperation extends ConverseFamily {
    ConverseOperation(Catalog catalog) {
        super(catalog);
    }

    @Override
    public NativeRequest nativeRequest(RuntimeCall call) {
        return new NativeRequest(NativeRequest.Operation.CONVERSE, call.wire().request().body(),
                NativeRequest.CONVERSE_MAX_TOKENS);
    }

    @Override
    public Reply reply(RuntimeCall call, Consumer<AnswerSink> answering) {
        return GatheredAnswer.reply(call, answering, this::render);
    }

    private Reply render(RuntimeCall call, ChatResult result) {
        Invocation invocation = call.invocation();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RuntimeOperations.SERVED_REGION_HEADER, invocation.servedRegion());
        headers.put(RuntimeOperations.OVERHEAD_HEADER, Long.toString(call.wire().overheadMillis(invocation.providerTime())));
        headers.putAll(call.responseHeaders());
        ObjectNode body = ConverseCodec.response(result, invocation.latency().toMillis());
        PromptRouting.trace(body, call);
        addResponseFields(body, responseFields(call), result);
        return new Reply.Bytes("application/json", Json.write(body), headers);
    }
}
