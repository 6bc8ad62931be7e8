package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.invoke.InvocationService;
import dev.outcrop.invoke.NativeRequest;

/**
 * The stage of CountTokens only: the count asked of a deployment whose provider counts itself (Bedrock's own
 * CountTokens, with the caller's body), once the caller's request quotas admitted it ({@link Admit#admitRequest}),
 * since that request spends the upstream account's rate. Where no provider counts, {@link CountInputTokens} does.
 */
final class CountTokensUpstream implements Stage {
    private final InvocationService invocations;
    private final Admit admit;

    CountTokensUpstream(InvocationService invocations, Admit admit) {
        this.invocations = requireNonNull(invocations, "invocations");
        this.admit = requireNonNull(admit, "admit");
    }

    @Override
    public void apply(RuntimeCall call) {
        if (call.invokesModel()) {
            return; // a model call is counted here and admitted in full by Admit
        }
        NativeRequest body = call.nativeRequest();
        Integer counted = body == null ? null
                : invocations.countTokensUpstream(call.target(), body, () -> admit.admitRequest(call));
        if (counted != null) {
            call.inputTokens(counted);
        }
    }
}
