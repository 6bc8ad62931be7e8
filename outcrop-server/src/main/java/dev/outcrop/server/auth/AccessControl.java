package dev.outcrop.server.auth;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.AccessDeniedException;
import dev.outcrop.iam.Decision;
import dev.outcrop.iam.PolicyEvaluator;
import dev.outcrop.iam.RequestContext;
import dev.outcrop.identity.PolicyLookup;
import dev.outcrop.identity.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Authorization: whether a {@link Caller} may perform an action on a resource, decided as IAM does by the
 * caller's identity-based policies on a request context that carries the global condition keys IAM sets on every
 * request ({@code aws:username}, {@code aws:PrincipalArn}, {@code aws:SourceIp}, {@code aws:CurrentTime},
 * {@code aws:RequestedRegion}, ...). Who the caller is was settled before, by {@link Authenticator}.
 */
public final class AccessControl {
    /** The policies that decide, or null when everything is allowed (anonymous local development). */
    private final PolicyLookup policies;
    private final String partition;
    private final Clock clock;
    /** The time keys of the current second: every call in a second shares them. */
    private volatile TimeKeys timeKeys = new TimeKeys(Long.MIN_VALUE, "", "");

    private record TimeKeys(long epochSecond, String currentTime, String epochTime) {}

    private AccessControl(PolicyLookup policies, String partition, Clock clock) {
        this.policies = policies;
        this.partition = requireNonNull(partition, "partition");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Access decided by each caller's identity-based policies. */
    public static AccessControl byPolicies(PolicyLookup policies, String partition, Clock clock) {
        return new AccessControl(requireNonNull(policies, "policies"), partition, clock);
    }

    /** Everything allowed: anonymous local development only. */
    public static AccessControl allowingAll(String partition, Clock clock) {
        return new AccessControl(null, partition, clock);
    }

    /** The request context of {@code action} on {@code resource}, with the global keys and {@code keys}. */
    public RequestContext context(Caller caller, String region, String action, String resource,
                                  Consumer<RequestContext.Builder> keys) {
        TimeKeys time = timeKeys(clock.instant().getEpochSecond());
        RequestContext.Builder context = RequestContext.of(action, resource)
                .key("aws:username", caller.principal().name())
                .key("aws:userid", caller.principal().id())
                .key("aws:PrincipalArn", caller.principal().arn(partition))
                .key("aws:PrincipalAccount", caller.principal().accountId())
                .key("aws:PrincipalType", caller.principal().kind() == Principal.Kind.USER ? "User" : "AssumedRole")
                .key("aws:SourceIp", caller.sourceIp())
                .key("aws:CurrentTime", time.currentTime())
                .key("aws:EpochTime", time.epochTime())
                .key("aws:SecureTransport", "false")
                .key("aws:RequestedRegion", region);
        keys.accept(context);
        return context.build();
    }

    /** {@code aws:CurrentTime} (ISO 8601, to the second, as IAM gives it) and {@code aws:EpochTime} of a second. */
    private TimeKeys timeKeys(long epochSecond) {
        TimeKeys time = timeKeys;
        if (time.epochSecond() != epochSecond) {
            time = new TimeKeys(epochSecond, Instant.ofEpochSecond(epochSecond).toString(), Long.toString(epochSecond));
            timeKeys = time;
        }
        return time;
    }

    /** Throws {@code AccessDeniedException} unless the caller may perform {@code action} on {@code resource}. */
    public void require(Caller caller, String region, String action, String resource, Consumer<RequestContext.Builder> keys) {
        require(caller, context(caller, region, action, resource, keys));
    }

    /**
     * Throws AWS's {@code AccessDeniedException} unless the caller may do what {@code context} asks.
     *
     * @throws AccessDeniedException with AWS's wording: who, what, on which resource, and whether it was
     *         an explicit deny or the absence of an allow
     */
    public void require(Caller caller, RequestContext context) {
        Decision decision = decide(caller, context);
        if (decision.allowed()) {
            return;
        }
        String who = caller.principal().kind() == Principal.Kind.USER ? "User: " : "Role: ";
        throw new AccessDeniedException(who + caller.principal().arn(partition) + " is not authorized to perform: "
                + context.action() + " on resource: " + context.resource()
                + (decision.effect() == Decision.Effect.EXPLICIT_DENY
                        ? " with an explicit deny in an identity-based policy"
                        : " because no identity-based policy allows the " + context.action() + " action"));
    }

    /** Whether the caller may do what {@code context} (from {@link #context}) asks. */
    public boolean allows(Caller caller, RequestContext context) {
        return decide(caller, context).allowed();
    }

    /** Whether the caller may perform {@code action} on {@code resource}. */
    public boolean allows(Caller caller, String region, String action, String resource,
                          Consumer<RequestContext.Builder> keys) {
        return allows(caller, context(caller, region, action, resource, keys));
    }

    /** How the caller's identity-based policies decide what {@code context} asks (for a resource policy to join). */
    public Decision decide(Caller caller, RequestContext context) {
        if (policies == null) {
            return new Decision(Decision.Effect.ALLOW, "anonymous");
        }
        return PolicyEvaluator.evaluate(policies.policies(caller.principal()), context);
    }
}
