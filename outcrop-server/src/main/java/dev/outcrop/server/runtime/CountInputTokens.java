package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.invoke.InvocationService;

/**
 * The stage counting the request's input tokens, once, for admission, routing and CountTokens' answer. CountTokens
 * is asked of a deployment whose provider counts itself (Bedrock's own CountTokens, with the caller's body), and
 * counted here otherwise.
 */
final class CountInputTokens implements Stage {
    private final InvocationService invocations;

    CountInputTokens(InvocationService invocations) {
        this.invocations = requireNonNull(invocations, "invocations");
    }

    @Override
    public void apply(RuntimeCall call) {
        if (!call.invokesModel()) {
            dev.outcrop.invoke.NativeRequest body = call.nativeRequest();
            Integer counted = body == null ? null : invocations.countTokensUpstream(call.target(), body);
            if (counted != null) {
                call.inputTokens(counted);
                return;
            }
        }
        call.inputTokens(invocations.countTokens(call.request()));
    }
}
