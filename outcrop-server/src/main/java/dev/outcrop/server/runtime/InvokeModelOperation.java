package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.error.InternalServerException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Invocation;
import dev.outcrop.invoke.NativeRequest;
import dev.outcrop.invoke.Target;
import dev.outcrop.profileconfig.ParameterNames;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import dev.outcrop.server.protocol.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code InvokeModel}: the model family's native body in, the family's native answer out. When the {@code modelId} is
 * a prompt version, {@link RenderPrompt} makes the call the Converse call it stands for ({@link #throughPrompt()}),
 * answered in Converse's members, from the body's {@code promptVariables} ({@link #promptMembers}).
 */
class InvokeModelOperation implements ModelOperation {
    static final String JSON = "application/json";

    private final Catalog catalog;
    private final ModelOperation throughPrompt;

    InvokeModelOperation(Catalog catalog) {
        this(catalog, new ConverseOperation(catalog));
    }

    /** The operation over {@code catalog}, a call through a prompt answered by {@code throughPrompt}. */
    InvokeModelOperation(Catalog catalog, ModelOperation throughPrompt) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.throughPrompt = requireNonNull(throughPrompt, "throughPrompt");
    }

    @Override
    public final ModelOperation throughPrompt() {
        return throughPrompt;
    }

    /**
     * The Converse members of a call through a prompt: the body's {@code promptVariables}, and the latency and
     * service tier headers as Converse's members. The body may be empty (a prompt without variables); anything else
     * in it is refused, since the prompt defines the rest and a silently dropped member would run another call than
     * the caller meant.
     */
    @Override
    public final ObjectNode promptMembers(OperationCall wire) {
        checkHeaders(wire);
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("modelId", wire.input().string("modelId"));
        byte[] payload = wire.input().payload();
        if (payload != null && payload.length > 0) {
            JsonNode body;
            try {
                body = Json.mapper().readTree(payload);
            } catch (IOException e) {
                body = null;
            }
            if (body == null || !body.isObject()) {
                throw new ValidationException("The modelId is a prompt from Prompt management: the body must be a "
                        + "JSON object {\"promptVariables\": {\"NAME\": {\"text\": \"...\"}}}.");
            }
            for (var member : body.properties()) {
                if (!member.getKey().equals(RenderPrompt.PROMPT_VARIABLES)) {
                    throw new ValidationException("The modelId is a prompt from Prompt management, so the body can't "
                            + "include '" + member.getKey() + "': it takes only 'promptVariables'. Define the rest "
                            + "in the prompt's variant instead.");
                }
                request.set(RenderPrompt.PROMPT_VARIABLES, member.getValue());
            }
        }
        String latency = wire.input().optionalString("performanceConfigLatency");
        if (latency != null) {
            request.putObject("performanceConfig").put("latency", latency);
        }
        String tier = wire.input().optionalString("serviceTier");
        if (tier != null) {
            request.putObject("serviceTier").put("type", tier);
        }
        return request;
    }

    /** What InvokeModel's headers must say, with or without a prompt: JSON in and out, no guardrail. */
    private static void checkHeaders(OperationCall wire) {
        requireJson("contentType", wire.input().optionalString("contentType"));
        requireJson("accept", wire.input().optionalString("accept"));
        RuntimeMembers.refuseGuardrail(wire.input().optionalString("guardrailIdentifier") != null
                || wire.input().optionalString("guardrailVersion") != null);
    }

    /** The native body's family of the model the call runs on. */
    final NativeFamily family(Target target) {
        return InvokeBodies.family(catalog.model(target.modelId()).orElseThrow().family(), target.modelId());
    }

    @Override
    public final ChatRequest parse(RuntimeCall call) {
        OperationCall wire = call.wire();
        checkHeaders(wire);
        RuntimeMembers.checkLatency(wire.input().optionalString("performanceConfigLatency"), "performanceConfigLatency");
        RuntimeMembers.checkServiceTier(wire.input().optionalString("serviceTier"), "serviceTier");
        Target target = call.target();
        return InvokeBodies.parse(family(target), target.modelId(), wire.input().payload());
    }

    @Override
    public final NativeRequest nativeRequest(RuntimeCall call) {
        // The family's field as a JSON pointer: its ParameterNames give it as "#/max_gen_len".
        return new NativeRequest(nativeOperation(), call.wire().input().payload(),
                family(call.target()).parameterNames().maxTokens().substring(1));
    }

    /** Which native call this is: a plain answer. */
    NativeRequest.Operation nativeOperation() {
        return NativeRequest.Operation.INVOKE;
    }

    @Override
    public final ParameterNames parameterNames(RuntimeCall call) {
        return family(call.target()).parameterNames();
    }

    @Override
    public final String anthropicVersion(RuntimeCall call) {
        if (family(call.target()).parameterNames().anthropicVersion() == null) {
            return null;
        }
        try {
            JsonNode body = Json.mapper().readTree(call.wire().input().payload());
            return body == null ? null : body.path("anthropic_version").asText(null);
        } catch (IOException e) {
            return null; // parsed already: a body that does not read never gets here
        }
    }

    private static ObjectNode traced(byte[] nativeBody) {
        try {
            return (ObjectNode) Json.mapper().readTree(nativeBody);
        } catch (IOException | ClassCastException e) {
            throw new InternalServerException("The upstream's answer is not a JSON object.");
        }
    }

    private static void requireJson(String member, String mediaType) {
        if (mediaType != null && !mediaType.startsWith(JSON) && !mediaType.equals("*/*")) {
            throw new ValidationException(member.equals("contentType")
                    ? "The provided Content Type is invalid or not supported for this model"
                    : "1 validation error detected: Value '" + mediaType + "' at '" + member
                            + "' failed to satisfy constraint: the model takes and answers application/json");
        }
    }

    @Override
    public Reply reply(RuntimeCall call, Consumer<AnswerSink> answering) {
        NativeFamily family = family(call.target());
        return GatheredAnswer.replyNative(call, answering, (done, result, nativeBody) -> {
            Invocation invocation = done.invocation();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(invocation.usage().inputTokens()));
            headers.put("X-Amzn-Bedrock-Output-Token-Count", Integer.toString(invocation.usage().outputTokens()));
            headers.put("X-Amzn-Bedrock-Invocation-Latency", Long.toString(invocation.latency().toMillis()));
            headers.put(RuntimeOperations.SERVED_REGION_HEADER, invocation.servedRegion());
            headers.put(RuntimeOperations.OVERHEAD_HEADER, Long.toString(done.wire().overheadMillis(invocation.providerTime())));
            headers.putAll(done.responseHeaders());
            if (nativeBody != null && !PromptRouting.traces(done)) {
                return new Reply.Bytes(JSON, nativeBody, headers); // the upstream's own answer, as it came
            }
            ObjectNode body = nativeBody != null ? traced(nativeBody)
                    : family.response(done.target().modelId(), result);
            PromptRouting.nativeTrace(body, done);
            return new Reply.Bytes(JSON, Json.write(body), headers);
        });
    }
}
