package dev.outcrop.iam;

import java.util.List;

/**
 * One statement of a policy.
 *
 * @param id the {@code Sid}, or null
 * @param allow {@code Effect: Allow} (else Deny)
 * @param actions the {@code Action} or {@code NotAction} patterns
 * @param notAction whether {@code actions} is a {@code NotAction}
 * @param resources the {@code Resource} or {@code NotResource} patterns
 * @param notResource whether {@code resources} is a {@code NotResource}
 * @param conditions every condition; all must hold
 */
record Statement(String id, boolean allow, List<String> actions, boolean notAction, List<String> resources,
                 boolean notResource, List<Condition> conditions) {

    /**
     * Whether the statement applies to the request. A {@code Resource} or {@code NotResource} pattern whose
     * variable cannot be resolved makes the statement invalid, as IAM documents, so it does not apply.
     */
    boolean applies(RequestContext context, PolicyVariables variables) {
        boolean actionListed = actions.stream().anyMatch(a -> Wildcard.matches(a, context.action(), true));
        if (actionListed == notAction) {
            return false;
        }
        boolean resourceListed = false;
        for (String resource : resources) {
            PatternText pattern = variables.resolve(resource);
            if (pattern == null) {
                return false;
            }
            resourceListed |= Wildcard.resourceMatches(pattern, context.resource());
        }
        if (resourceListed == notResource) {
            return false;
        }
        return conditions.stream().allMatch(c -> c.holds(context, variables));
    }
}
