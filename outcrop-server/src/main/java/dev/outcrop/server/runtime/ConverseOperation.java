package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.invoke.Invocation;
import dev.outcrop.server.Reply;
import dev.outcrop.server.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** {@code Converse}: the request's members read by {@link ConverseCodec}, the gathered answer as one JSON body. */
final class ConverseOperation implements ModelOperation {
    private final Catalog catalog;

    ConverseOperation(Catalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog");
    }

    @Override
    public ChatRequest parse(RuntimeCall call) {
        return ConverseCodec.request(call.wire().input().members());
    }

    @Override
    public dev.outcrop.invoke.NativeRequest nativeRequest(RuntimeCall call) {
        return new dev.outcrop.invoke.NativeRequest(dev.outcrop.invoke.NativeRequest.Operation.CONVERSE,
                call.wire().request().body());
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
        ResponseFields fields = ResponseFields.of(call.wire().input().members(), catalog, call.target());
        ObjectNode selected = fields == null ? null : fields.select(result);
        if (selected != null) {
            body.set("additionalModelResponseFields", selected);
        }
        return new Reply.Bytes("application/json", Json.write(body), headers);
    }
}
