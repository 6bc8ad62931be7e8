package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.invoke.InvocationService;

/**
 * The stage running the model: the router leases a deployment among the target's destinations, fails over
 * before the first event and continues a broken answer after it ({@link InvocationService#converse}); the events
 * go straight to the operation's {@link AnswerSink}. A failure is kept for {@link RecordUsage}, which records it
 * before the caller hears of it.
 */
final class Invoke implements Stage {
    private final InvocationService invocations;

    Invoke(InvocationService invocations) {
        this.invocations = requireNonNull(invocations, "invocations");
    }

    @Override
    public boolean answers() {
        return true;
    }

    @Override
    public void apply(RuntimeCall call) {
        if (!call.invokesModel() || call.invoked()) {
            return;
        }
        try {
            call.answered(invocations.converse(call.target(), call.request(), call.nativeRequest(), call.answer(),
                    call.inputTokens()));
        } catch (RuntimeException e) {
            call.failed(e);
        }
    }
}
