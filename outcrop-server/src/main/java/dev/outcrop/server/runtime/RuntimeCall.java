package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Invocation;
import dev.outcrop.invoke.NativeRequest;
import dev.outcrop.invoke.Target;
import dev.outcrop.router.CascadeCheck;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import dev.outcrop.usage.UsageAccounting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One runtime call as it goes through the {@link Stage}s: what was asked ({@link #wire()}), what it became
 * (target, request, input tokens), its accounting, and how it ended. One thread works on it at a time.
 */
final class RuntimeCall {
    private final OperationCall asked;
    private OperationCall wire;
    private ModelOperation operation;
    private Target target;
    private ChatRequest request;
    /** The request as the operation parsed it, and the model it was parsed for. */
    private ChatRequest parsed;
    private String parsedFor;
    private int inputTokens;
    private Map<String, String> attributes;
    private UsageAccounting.Meter meter;
    private AnswerSink answer;
    private Invocation invocation;
    private RuntimeException failure;
    private Reply reply;
    private Map<String, String> responseHeaders;
    private Escalation escalation;
    private boolean counted;

    RuntimeCall(OperationCall wire, ModelOperation operation) {
        this.asked = requireNonNull(wire, "wire");
        this.wire = wire;
        this.operation = requireNonNull(operation, "operation");
    }

    /**
     * The operation's call as it was bound and validated from the wire, or as {@link RenderPrompt} rewrote it: the
     * Converse request a prompt version stands for.
     */
    public OperationCall wire() {
        return wire;
    }

    /** The call exactly as the caller sent it (its {@code modelId} is what the usage record says was called). */
    public OperationCall asked() {
        return asked;
    }

    /**
     * Replaces the call's members by those it stands for, and its operation by the one that answers it; only before
     * the target is resolved from them.
     */
    void wire(OperationCall rewritten, ModelOperation answeredBy) {
        if (target != null) {
            throw new IllegalStateException("the call was rewritten after its target was resolved");
        }
        wire = requireNonNull(rewritten, "rewritten");
        operation = requireNonNull(answeredBy, "answeredBy");
    }

    ModelOperation operation() {
        return operation;
    }

    /** Whether the operation runs the model (all but CountTokens): admission, invocation and the usage record. */
    public boolean invokesModel() {
        return operation.invokesModel();
    }

    /** What the call runs on: set by {@link ResolveTarget}, narrowed by {@link Authorize}. */
    public Target target() {
        return target;
    }

    /** Replaces what the call runs on. */
    public void target(Target newTarget) {
        target = requireNonNull(newTarget, "target");
    }

    /** The neutral request: set by {@link ParseRequest}. */
    public ChatRequest request() {
        return request;
    }

    /** Replaces the request the model is asked. */
    public void request(ChatRequest newRequest) {
        request = requireNonNull(newRequest, "request");
        if (parsed == null) {
            parsed = newRequest; // the first is the parser's (ParseRequest)
            parsedFor = target == null ? null : target.modelId();
        }
    }

    /**
     * The caller's body as sent ({@link ModelOperation#nativeRequest}), when it still says what the model is asked:
     * no stage rewrote the call or changed the request, and the model is the one it was parsed for; null otherwise,
     * and a provider that speaks Bedrock's API then serializes the request.
     */
    NativeRequest nativeRequest() {
        boolean unchanged = wire == asked && parsed != null && (request == parsed || request.equals(parsed))
                && target != null && target.modelId().equals(parsedFor);
        return unchanged ? operation.nativeRequest(this) : null;
    }

    /** The request's input tokens, counted once ({@link CountInputTokens}) for admission and routing. */
    public int inputTokens() {
        return inputTokens;
    }

    void inputTokens(int count) {
        inputTokens = count;
        counted = true;
    }

    /** Whether the input tokens are counted already (by the upstream, for CountTokens). */
    boolean counted() {
        return counted;
    }

    /** Adds {@code key} to what the usage record says about the call; only before {@link Admit}. */
    public void attribute(String key, String value) {
        if (meter != null) {
            throw new IllegalStateException("attribute " + key + " added after the call was admitted");
        }
        if (attributes == null) {
            attributes = new LinkedHashMap<>(4);
        }
        attributes.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
    }

    /** What the stages added about the call, for its usage record. */
    public Map<String, String> attributes() {
        return attributes == null ? Map.of() : attributes;
    }

    UsageAccounting.Meter meter() {
        return meter;
    }

    void meter(UsageAccounting.Meter admitted) {
        meter = admitted;
    }

    /** Where the model's events go: the operation's own sink, set once the reply is being written. */
    AnswerSink answer() {
        return answer;
    }

    void answer(AnswerSink sink) {
        answer = sink;
    }

    /**
     * Whether the model was asked already, answering or failing (a cascade's checked answer is in the sink), so
     * {@link Invoke} has nothing to do.
     */
    boolean invoked() {
        return invocation != null || failure != null;
    }

    /** The model's answer; null until {@link Invoke} ran, or when it failed. */
    Invocation invocation() {
        return invocation;
    }

    void answered(Invocation done) {
        invocation = done;
    }

    /** The call failed with {@code error}, having used what the answer sink was told. */
    void failed(RuntimeException error) {
        failure = error;
        invocation = answer.soFar();
    }

    /** Why the model's invocation failed; null when it answered. */
    RuntimeException failure() {
        return failure;
    }

    /**
     * Headers a stage adds to the reply ({@code x-outcrop-router-...}): a plain reply carries them, a stream sends them
     * before its first frame. Outcrop's own, which the SDKs ignore.
     */
    Map<String, String> responseHeaders() {
        return responseHeaders == null ? Map.of() : responseHeaders;
    }

    void responseHeader(String name, String value) {
        if (responseHeaders == null) {
            responseHeaders = new LinkedHashMap<>(4);
        }
        responseHeaders.put(requireNonNull(name, "name"), requireNonNull(value, "value"));
    }

    /**
     * A cascading router's way up: the stronger model (already authorized), which the cheaper model's answer fails
     * over to when it fails one of {@code checks}.
     *
     * @param target the stronger model, as the caller may call it
     * @param modelArn the stronger model as the router names it
     * @param checks what the cheaper answer is checked for
     * @param minConfidence the least mean token probability the cheaper answer passes {@link CascadeCheck#LOW_CONFIDENCE}
     *        with
     */
    record Escalation(Target target, String modelArn, Set<CascadeCheck> checks, double minConfidence) {}

    /** The call's way up when it goes through a cascading router; null otherwise. */
    Escalation escalation() {
        return escalation;
    }

    void escalation(Escalation up) {
        escalation = up;
    }

    /**
     * The call's next attempt, on {@code newTarget} with these attributes changed: the previous attempt was recorded
     * on its own, so the call is admitted again ({@link Admit}) before it runs.
     */
    void nextAttempt(Target newTarget, Map<String, String> changedAttributes) {
        meter = null;
        invocation = null;
        target(newTarget);
        changedAttributes.forEach(this::attribute);
    }

    Reply reply() {
        return reply;
    }

    void reply(Reply rendered) {
        reply = rendered;
    }
}
