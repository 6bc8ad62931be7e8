package dev.outcrop.iam;

/**
 * The outcome of evaluating policies for one request, with the reason.
 *
 * @param effect allowed, denied by a statement, or denied because nothing allowed it
 * @param statement the statement that decided ({@code policyName/Sid} or {@code policyName/#index}), or null
 */
public record Decision(Effect effect, String statement) {
    /** The three outcomes of IAM evaluation. */
    public enum Effect {
        /** A statement allows it and none denies it. */
        ALLOW,
        /** A statement denies it: nothing can allow it then. */
        EXPLICIT_DENY,
        /** No statement allows it. */
        IMPLICIT_DENY
    }

    /** Whether the request may proceed. */
    public boolean allowed() {
        return effect == Effect.ALLOW;
    }
}
