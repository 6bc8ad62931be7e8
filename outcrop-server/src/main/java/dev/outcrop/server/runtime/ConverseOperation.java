package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.invoke.Invocation;
import dev.outcrop.invoke.NativeRequest;
import dev.outcrop.server.Reply;
import dev.outcrop.server.protocol.Json;
import java.io.IOException;
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
        return GatheredAnswer.replyNative(call, answering, this::render);
    }

    /** The upstream's own answer when a provider handed it on (with a router's trace added), else the one rendered. */
    private Reply render(RuntimeCall call, ChatResult result, byte[] nativeBody) {
        Invocation invocation = call.invocation();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RuntimeOperations.SERVED_REGION_HEADER, invocation.servedRegion());
        headers.put(RuntimeOperations.OVERHEAD_HEADER, Long.toString(call.wire().overheadMillis(invocation.providerTime())));
        headers.putAll(call.responseHeaders());
        if (nativeBody != null && !PromptRouting.traces(call)) {
            return new Reply.Bytes("application/json", nativeBody, headers);
        }
        ObjectNode body = nativeBody != null ? upstreamBody(nativeBody)
                : ConverseCodec.response(result, invocation.latency().toMillis());
        PromptRouting.trace(body, call);
        if (nativeBody == null) {
            addResponseFields(body, responseFields(call), result);
        }
        return new Reply.Bytes("application/json", Json.write(body), headers);
    }

    /** The upstream's answer as a tree; the provider read it as a JSON object already. */
    private static ObjectNode upstreamBody(byte[] nativeBody) {
        try {
            return (ObjectNode) Json.mapper().readTree(nativeBody);
        } catch (IOException e) {
            throw new IllegalStateException("the provider handed on an answer that is not JSON", e);
        }
    }
}
