package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.ModelErrorException;
import dev.outcrop.invoke.AnswerConfidence;
import dev.outcrop.invoke.ChatAccumulator;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatEventSink;
import dev.outcrop.invoke.Invocation;
import dev.outcrop.invoke.InvocationService;
import dev.outcrop.router.CascadeCheck;
import dev.outcrop.usage.UsageReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The stage of a cascading prompt router (beyond Bedrock): the cheaper model, which {@link PromptRouting} chose and
 * {@link Admit} admitted, answers first into a holding sink; its answer is checked ({@link CascadeCheck}) and, when
 * it passes, given to the caller as if it had come straight, so {@link Invoke} has nothing left to do. When it fails
 * a check it is recorded on its own (its tokens were spent: request id {@code ID-cascade-1},
 * {@code router_cascade = superseded:CHECK}), the call is admitted again on the stronger model (authorized already
 * by {@link PromptRouting}) and {@link Invoke} asks it, into the caller's sink; its record keeps the caller's
 * request id and says {@code escalated:CHECK}.
 *
 * <p>Nothing of the cheaper answer reaches the caller before it is checked: a stream's first frame waits for the
 * cheaper model's whole answer. That is the price of a cascade, and why a router cascades only when configured to.
 * The answer says which model served ({@code trace.promptRouter.invokedModelId}) and what happened (the header
 * {@value #HEADER}, with the cheaper answer's confidence when the router checks it).
 */
final class Cascade implements Stage {
    /** The response header saying what the cascade did: {@code cheaper}, or {@code escalated; check=...; from=...}. */
    static final String HEADER = "x-outcrop-router-cascade";
    /** {@link PromptRouting#CASCADE_ATTRIBUTE} of a call the cheaper model answers. */
    static final String CHEAPER = "cheaper";
    /** {@link PromptRouting#CASCADE_ATTRIBUTE} of the stronger model's answer after an escalation, before the check. */
    static final String ESCALATED = "escalated:";
    /** What the set-aside attempt's request id ends with (the caller's own goes to the answer it gets). */
    static final String FIRST_ATTEMPT_SUFFIX = "-cascade-1";

    private final InvocationService invocations;
    private final Admit admit;

    Cascade(InvocationService invocations, Admit admit) {
        this.invocations = requireNonNull(invocations, "invocations");
        this.admit = requireNonNull(admit, "admit");
    }

    @Override
    public boolean answers() {
        return true;
    }

    @Override
    public void apply(RuntimeCall call) {
        RuntimeCall.Escalation up = call.escalation();
        if (!call.invokesModel() || up == null) {
            return;
        }
        Held held = new Held();
        Invocation first;
        RuntimeException failure = null;
        boolean judgesConfidence = up.checks().contains(CascadeCheck.LOW_CONFIDENCE);
        try {
            first = invocations.converse(call.target(),
                    judgesConfidence ? call.request().reportingConfidence() : call.request(), held, call.inputTokens());
        } catch (RuntimeException e) {
            failure = e;
            first = held.soFar;
        }
        Optional<CascadeCheck> failed = failure != null ? failedCall(up, call, failure)
                : CascadeCheck.failing(up.checks(), up.minConfidence(), call.request(), held.answer.result(),
                        held.confidence);
        String confidence = judgesConfidence ? "; confidence=" + (held.confidence == null ? "unknown"
                : String.format(Locale.ROOT, "%.3f", held.confidence.meanProbability())) : "";
        if (failed.isEmpty()) {
            call.responseHeader(HEADER, CHEAPER + confidence);
            held.replay(call.answer());
            if (failure != null) {
                call.failed(failure); // what it had used, as the replay told the sink
            } else {
                call.answered(first);
            }
            return;
        }
        String check = failed.get().wire();
        String cheaperModel = call.target().modelId();
        Map<String, String> setAside = new LinkedHashMap<>(call.attributes());
        setAside.put(PromptRouting.CASCADE_ATTRIBUTE, UsageReport.SUPERSEDED + check);
        setAside.remove(PromptRouting.BASELINE_ATTRIBUTE); // always calling the stronger model would not have cost it
        call.meter().recordAttemptDurably(call.wire().requestId() + FIRST_ATTEMPT_SUFFIX, setAside, first, failure);
        call.nextAttempt(up.target(), Map.of(PromptRouting.INVOKED_ATTRIBUTE, up.modelArn(),
                PromptRouting.CASCADE_ATTRIBUTE, ESCALATED + check));
        call.responseHeader(HEADER, "escalated; check=" + check + "; from=" + cheaperModel + confidence);
        admit.admit(call);
    }

    /** The check a failed call fails: a broken schema counts as invalid output, anything else as an error. */
    private static Optional<CascadeCheck> failedCall(RuntimeCall.Escalation up, RuntimeCall call,
                                                    RuntimeException failure) {
        if (up.checks().contains(CascadeCheck.INVALID_OUTPUT) && call.request().outputSchema() != null
                && failure instanceof ModelErrorException) {
            return Optional.of(CascadeCheck.INVALID_OUTPUT);
        }
        return up.checks().contains(CascadeCheck.ERROR) ? Optional.of(CascadeCheck.ERROR) : Optional.empty();
    }

    /** The cheaper model's answer, held back until it is checked. */
    private static final class Held implements ChatEventSink {
        private final ChatAccumulator answer = new ChatAccumulator();
        private final List<ChatEvent> events = new ArrayList<>();
        private AnswerConfidence confidence;
        private String region;
        private Duration providerTime;
        private Invocation soFar;

        @Override
        public void accept(ChatEvent event) {
            answer.accept(event);
            if (event instanceof ChatEvent.Metadata metadata) {
                confidence = metadata.confidence();
            }
            events.add(event);
        }

        @Override
        public void servingRegion(String servingRegion, Duration time) {
            region = servingRegion;
            providerTime = time;
        }

        @Override
        public void failed(Invocation partial) {
            soFar = partial;
        }

        /** Gives the held answer to {@code sink} as the model gave it. */
        void replay(AnswerSink sink) {
            if (region != null) {
                sink.servingRegion(region, providerTime);
            }
            events.forEach(sink::accept);
            if (soFar != null) {
                sink.failed(soFar);
            }
        }
    }
}
