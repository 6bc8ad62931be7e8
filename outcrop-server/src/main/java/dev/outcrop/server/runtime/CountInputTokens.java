package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.invoke.InvocationService;

/**
 * The stage counting the request's input tokens, once, for admission, routing and CountTokens' answer; a count the
 * upstream gave already ({@link CountTokensUpstream}) stands.
 */
final class CountInputTokens implements Stage {
    private final InvocationService invocations;

    CountInputTokens(InvocationService invocations) {
        this.invocations = requireNonNull(invocations, "invocations");
    }

    @Override
    public void apply(RuntimeCall call) {
        if (!call.counted()) {
            call.inputTokens(invocations.countTokens(call.request()));
        }
    }
}
