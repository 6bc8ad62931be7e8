package dev.outcrop.iam;

import java.util.List;

/**
 * IAM's evaluation logic for identity-based policies: an explicit {@code Deny} in any statement that
 * applies wins; otherwise an {@code Allow} that applies allows; otherwise the request is implicitly denied.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    /** Evaluates every statement of {@code policies} for {@code context}. */
    public static Decision evaluate(List<Policy> policies, RequestContext context) {
        String allowedBy = null;
        for (Policy policy : policies) {
            PolicyVariables variables = new PolicyVariables(context, policy.variablesEnabled());
            List<Statement> statements = policy.statements();
            for (int i = 0; i < statements.size(); i++) {
                Statement statement = statements.get(i);
                if (!statement.applies(context, variables)) {
                    continue;
                }
                String where = policy.name() + "/" + (statement.id() != null ? statement.id() : "#" + i);
                if (!statement.allow()) {
                    return new Decision(Decision.Effect.EXPLICIT_DENY, where);
                }
                if (allowedBy == null) {
                    allowedBy = where;
                }
            }
        }
        return allowedBy != null ? new Decision(Decision.Effect.ALLOW, allowedBy)
                : new Decision(Decision.Effect.IMPLICIT_DENY, null);
    }
}
