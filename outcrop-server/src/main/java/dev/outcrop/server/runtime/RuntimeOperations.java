package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.invoke.ChatAccumulator;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Invocation;
import dev.outcrop.invoke.InvocationService;
import dev.outcrop.invoke.Target;
import dev.outcrop.server.BedrockEndpoint;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import dev.outcrop.server.auth.Guard;
import dev.outcrop.server.protocol.EventStreamEncoder;
import dev.outcrop.tag.TagService;
import dev.outcrop.usage.UsageAccounting;
import dev.outcrop.server.protocol.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code Converse}, {@code ConverseStream} and {@code CountTokens}. */
public final class RuntimeOperations {
    /** The response header naming the region that served the answer. */
    public static final String SERVED_REGION_HEADER = "x-outcrop-served-region";
    /** The response header with the milliseconds Outcrop itself took (the rest was the model's). */
    public static final String OVERHEAD_HEADER = "x-outcrop-overhead-ms";

    private final InvocationService invocations;
    private final Catalog catalog;
    private final RuntimeAccess access;
    private final Metering metering;
    private final StoredConfigStage storedConfig;

    /** Creates the operations over the invocation service. */
    public RuntimeOperations(InvocationService invocations, Catalog catalog, Guard guard, TagService tags,
                             UsageAccounting accounting, StoredConfigStage storedConfig) {
        this.invocations = requireNonNull(invocations, "invocations");
        this.storedConfig = requireNonNull(storedConfig, "storedConfig");
        this.catalog = requireNonNull(catalog, "catalog");
        this.access = new RuntimeAccess(guard, tags);
        this.metering = new Metering(accounting, invocations, tags);
    }

    /** Binds the operations to an endpoint. */
    public void register(BedrockEndpoint.Builder endpoint) {
        endpoint.operation("Converse", this::converse)
                .operation("ConverseStream", this::converseStream)
                .operation("CountTokens", this::countTokens);
    }

    private Reply converse(OperationCall call) {
        Target target = access.target(call, invocations);
        ChatRequest request = storedConfig.converse(target, ConverseCodec.request(call.input().members()));
        int inputTokens = metering.inputTokens(target, request);
        UsageAccounting.Meter meter = metering.begin(call, target, request, inputTokens);
        ChatAccumulator answer = new ChatAccumulator();
        Invocation invocation = Metering.metered(meter, new Metering.FailureAware() {
            @Override
            public void accept(ChatEvent event) {
                answer.accept(event);
            }
        }, sink -> invocations.converse(target, request, sink, inputTokens));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SERVED_REGION_HEADER, invocation.servedRegion());
        headers.put(OVERHEAD_HEADER, Long.toString(call.overheadMillis(invocation.providerTime())));
        ObjectNode body = ConverseCodec.response(answer.result(), invocation.latency().toMillis());
        ResponseFields fields = ResponseFields.of(call.input().members(), catalog, target);
        ObjectNode selected = fields == null ? null : fields.select(answer.result());
        if (selected != null) {
            body.set("additionalModelResponseFields", selected);
        }
        return new Reply.Bytes("application/json", Json.write(body), headers);
    }

    private Reply converseStream(OperationCall call) {
        Target target = access.target(call, invocations);
        ChatRequest request = storedConfig.converse(target, ConverseCodec.request(call.input().members()));
        int inputTokens = metering.inputTokens(target, request);
        UsageAccounting.Meter meter = metering.begin(call, target, request, inputTokens);
        ResponseFields fields = ResponseFields.of(call.input().members(), catalog, target);
        return new Reply.Stream(Map.of(), sink -> {
            long start = System.nanoTime();
            ChatAccumulator answer = new ChatAccumulator(); // what the requested response fields are read from
            byte[][] metadata = new byte[1][];
            Metering.metered(meter, new Metering.FailureAware() {
                @Override
                public void servingRegion(String region, Duration providerTime) {
                    sink.header(SERVED_REGION_HEADER, region);
                    sink.header(OVERHEAD_HEADER, Long.toString(call.overheadMillis(providerTime)));
                }

                @Override
                public void accept(ChatEvent event) {
                    ConverseCodec.StreamEvent streamEvent = ConverseCodec.streamEvent(event,
                            (System.nanoTime() - start) / 1_000_000);
                    if (fields != null) {
                        answer.accept(event);
                        ObjectNode selected = event instanceof ChatEvent.MessageStop ? fields.select(answer.result()) : null;
                        if (selected != null) {
                            streamEvent.payload().set("additionalModelResponseFields", selected);
                        }
                    }
                    byte[] frame = EventStreamEncoder.event(streamEvent.type(), Json.write(streamEvent.payload()));
                    if (event instanceof ChatEvent.Metadata) {
                        metadata[0] = frame; // sent once the call's usage record is durable
                    } else {
                        sink.send(frame);
                    }
                }
            }, s -> invocations.converse(target, request, s, inputTokens));
            sink.send(metadata[0]);
        });
    }

    record CountTokensResponse(int inputTokens) {}

    private Reply countTokens(OperationCall call) {
        Target target = access.target(call, invocations);
        JsonNode input = call.input().node("input");
        ChatRequest request = input.has("converse") ? ConverseCodec.request(input.path("converse"))
                : InvokeBodies.countTokensRequest(target, input.path("invokeModel").path("body").asText());
        return new Reply.Json(new CountTokensResponse(invocations.countTokens(target, request)));
    }
}
