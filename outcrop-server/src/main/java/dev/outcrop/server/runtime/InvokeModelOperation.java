package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Invocation;
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
 * {@code InvokeModel}: the model family's native body in, the family's native answer out; or, when the
 * {@code modelId} is a prompt version ({@link RenderPrompt}), the Converse call it stands for, answered in Converse's
 * members.
 */
class InvokeModelOperation implements ModelOperation {
    static final String JSON = "application/json";

    private final Catalog catalog;
    private final ConverseOperation converse;

    InvokeModelOperation(Catalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.converse = new ConverseOperation(catalog);
    }

    /** Whether {@link RenderPrompt} made the call the Converse call of a prompt version. */
    static boolean throughPrompt(RuntimeCall call) {
        return call.wire().operation() != call.asked().operation();
    }

    /** The native body's family of the model the call runs on. */
    final NativeFamily family(Target target) {
        return InvokeBodies.family(catalog.model(target.modelId()).orElseThrow().family(), target.modelId());
    }

    @Override
    public final ChatRequest parse(RuntimeCall call) {
        if (throughPrompt(call)) {
            return converse.parse(call); // its members checked when the prompt was rendered
        }
        OperationCall wire = call.wire();
        requireJson("contentType", wire.input().optionalString("contentType"));
        requireJson("accept", wire.input().optionalString("accept"));
        RuntimeMembers.refuseGuardrail(wire.input().optionalString("guardrailIdentifier") != null
                || wire.input().optionalString("guardrailVersion") != null);
        RuntimeMembers.checkLatency(wire.input().optionalString("performanceConfigLatency"), "performanceConfigLatency");
        RuntimeMembers.checkServiceTier(wire.input().optionalString("serviceTier"), "serviceTier");
        Target target = call.target();
        return InvokeBodies.parse(family(target), target.modelId(), wire.input().payload());
    }

    @Override
    public final dev.outcrop.invoke.NativeRequest nativeRequest(RuntimeCall call) {
        return new dev.outcrop.invoke.NativeRequest(nativeOperation(), call.wire().input().payload());
    }

    /** Which native call this is: a plain answer. */
    dev.outcrop.invoke.NativeRequest.Operation nativeOperation() {
        return dev.outcrop.invoke.NativeRequest.Operation.INVOKE;
    }

    @Override
    public final ParameterNames parameterNames(RuntimeCall call) {
        if (throughPrompt(call)) {
            return ParameterNames.CONVERSE;
        }
        return family(call.target()).parameterNames();
    }

    @Override
    public final String anthropicVersion(RuntimeCall call) {
        if (throughPrompt(call) || family(call.target()).parameterNames().anthropicVersion() == null) {
            return null;
        }
        try {
            JsonNode body = Json.mapper().readTree(call.wire().input().payload());
            return body == null ? null : body.path("anthropic_version").asText(null);
        } catch (IOException e) {
            return null; // parsed already: a body that does not read never gets here
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode traced(byte[] nativeBody) {
        try {
            return (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(nativeBody);
        } catch (IOException | ClassCastException e) {
            throw new dev.outcrop.error.InternalServerException("The upstream's answer is not a JSON object.");
        }
    }

    static void requireJson(String member, String mediaType) {
        if (mediaType != null && !mediaType.startsWith(JSON) && !mediaType.equals("*/*")) {
            throw new ValidationException(member.equals("contentType")
                    ? "The provided Content Type is invalid or not supported for this model"
                    : "1 validation error detected: Value '" + mediaType + "' at '" + member
                            + "' failed to satisfy constraint: the model takes and answers application/json");
        }
    }

    @Override
    public Reply reply(RuntimeCall call, Consumer<AnswerSink> answering) {
        if (throughPrompt(call)) {
            return converse.reply(call, answering);
        }
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
            if (nativeBody != null && !done.attributes().containsKey(PromptRouting.INVOKED_ATTRIBUTE)) {
                return new Reply.Bytes(JSON, nativeBody, headers); // the upstream's own answer, as it came
            }
            com.fasterxml.jackson.databind.node.ObjectNode body = nativeBody != null ? traced(nativeBody)
                    : family.response(done.target().modelId(), result);
            PromptRouting.nativeTrace(body, done);
            return new Reply.Bytes(JSON, Json.write(body), headers);
        });
    }
}
