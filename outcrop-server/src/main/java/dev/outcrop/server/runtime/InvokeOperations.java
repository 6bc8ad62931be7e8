package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.error.ValidationException;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code InvokeModel} and {@code InvokeModelWithResponseStream} with each model family's native body. */
public final class InvokeOperations {
    private static final String JSON = "application/json";

    private final InvocationService invocations;
    private final Catalog catalog;
    private final RuntimeAccess access;
    private final Metering metering;
    private final StoredConfigStage storedConfig;

    /** Creates the operations. */
    public InvokeOperations(InvocationService invocations, Catalog catalog, Guard guard, TagService tags,
                            UsageAccounting accounting, StoredConfigStage storedConfig) {
        this.invocations = requireNonNull(invocations, "invocations");
        this.storedConfig = requireNonNull(storedConfig, "storedConfig");
        this.catalog = requireNonNull(catalog, "catalog");
        this.access = new RuntimeAccess(guard, tags);
        this.metering = new Metering(accounting, invocations, tags);
    }

    /** Binds the operations to an endpoint. */
    public void register(BedrockEndpoint.Builder endpoint) {
        endpoint.operation("InvokeModel", this::invoke)
                .operation("InvokeModelWithResponseStream", this::invokeStream);
    }

    private record Prepared(Target target, NativeFamily family, ChatRequest request) {}

    private Prepared prepare(OperationCall call) {
        Target target = access.target(call, invocations);
        requireJson("contentType", call.input().optionalString("contentType"));
        requireJson("accept", call.input().optionalString("accept"));
        RuntimeMembers.refuseGuardrail(call.input().optionalString("guardrailIdentifier") != null
                || call.input().optionalString("guardrailVersion") != null);
        RuntimeMembers.checkLatency(call.input().optionalString("performanceConfigLatency"), "performanceConfigLatency");
        RuntimeMembers.checkServiceTier(call.input().optionalString("serviceTier"), "serviceTier");
        String catalogFamily = catalog.model(target.modelId()).orElseThrow().family();
        NativeFamily family = InvokeBodies.family(catalogFamily, target.modelId());
        ChatRequest request = InvokeBodies.parse(family, target.modelId(), call.input().payload());
        return new Prepared(target, family, storedConfig.invoke(target, request, family, call.input().payload()));
    }

    private static void requireJson(String member, String mediaType) {
        if (mediaType != null && !mediaType.startsWith(JSON) && !mediaType.equals("*/*")) {
            throw new ValidationException("1 validation error detected: Value '" + mediaType + "' at '" + member
                    + "' failed to satisfy constraint: the model takes and answers application/json");
        }
    }

    private Reply invoke(OperationCall call) {
        Prepared prepared = prepare(call);
        int inputTokens = metering.inputTokens(prepared.target(), prepared.request());
        UsageAccounting.Meter meter = metering.begin(call, prepared.target(), prepared.request(), inputTokens);
        ChatAccumulator answer = new ChatAccumulator();
        Invocation invocation = Metering.metered(meter, new Metering.FailureAware() {
            @Override
            public void accept(ChatEvent event) {
                answer.accept(event);
            }
        }, sink -> invocations.converse(prepared.target(), prepared.request(), sink, inputTokens));
        ObjectNode body = prepared.family().response(prepared.target().modelId(), answer.result());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(invocation.usage().inputTokens()));
        headers.put("X-Amzn-Bedrock-Output-Token-Count", Integer.toString(invocation.usage().outputTokens()));
        headers.put("X-Amzn-Bedrock-Invocation-Latency", Long.toString(invocation.latency().toMillis()));
        headers.put(RuntimeOperations.SERVED_REGION_HEADER, invocation.servedRegion());
        headers.put(RuntimeOperations.OVERHEAD_HEADER, Long.toString(call.overheadMillis(invocation.providerTime())));
        return new Reply.Bytes(JSON, Json.write(body), headers);
    }

    private Reply invokeStream(OperationCall call) {
        Prepared prepared = prepare(call);
        String modelId = prepared.target().modelId();
        int inputTokens = metering.inputTokens(prepared.target(), prepared.request());
        UsageAccounting.Meter meter = metering.begin(call, prepared.target(), prepared.request(), inputTokens);
        return new Reply.Stream(Map.of("X-Amzn-Bedrock-Content-Type", JSON), sink -> {
            NativeFamily.StreamState state = new NativeFamily.StreamState(inputTokens);
            java.util.List<byte[]> last = new java.util.ArrayList<>();
            Metering.metered(meter, new Metering.FailureAware() {
                @Override
                public void servingRegion(String region, Duration providerTime) {
                    sink.header(RuntimeOperations.SERVED_REGION_HEADER, region);
                    sink.header(RuntimeOperations.OVERHEAD_HEADER, Long.toString(call.overheadMillis(providerTime)));
                }

                @Override
                public void accept(ChatEvent event) {
                    state.saw(event);
                    for (ObjectNode chunk : prepared.family().chunks(modelId, event, state)) {
                        byte[] payload = Json.write(Map.of("bytes",
                                Base64.getEncoder().encodeToString(Json.write(chunk))));
                        byte[] frame = EventStreamEncoder.event("chunk", payload);
                        if (event instanceof ChatEvent.Metadata) {
                            last.add(frame); // the final chunks wait until the usage record is durable
                        } else {
                            sink.send(frame);
                        }
                    }
                }
            }, s -> invocations.converse(prepared.target(), prepared.request(), s, inputTokens));
            last.forEach(sink::send);
        });
    }
}
