package dev.outcrop.server.auth;

import static java.util.Objects.requireNonNull;

import dev.outcrop.iam.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Asks {@link AccessControl} about one action of a caller, with the global condition keys IAM sets on
 * every request ({@code aws:username}, {@code aws:PrincipalArn}, {@code aws:SourceIp},
 * {@code aws:CurrentTime}, {@code aws:RequestedRegion}, ...).
 */
public final class Guard {
    private final AccessControl access;
    private final String partition;
    private final Clock clock;
    /** The time keys of the current second: every call in a second shares them. */
    private volatile TimeKeys timeKeys = new TimeKeys(Long.MIN_VALUE, "", "");

    private record TimeKeys(long epochSecond, String currentTime, String epochTime) {}

    /** Creates the guard. */
    public Guard(AccessControl access, String partition, Clock clock) {
        this.access = requireNonNull(access, "access");
        this.partition = requireNonNull(partition, "partition");
        this.clock = requireNonNull(clock, "clock");
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
                .key("aws:PrincipalType", caller.principal().kind() == dev.outcrop.identity.Principal.Kind.USER
                        ? "User" : "AssumedRole")
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

    /** Throws {@code AccessDeniedException} unless the caller may do what {@code context} asks. */
    public void require(Caller caller, RequestContext context) {
        access.check(caller, context, partition);
    }

    /** Whether the caller may do what {@code context} (from {@link #context}) asks. */
    public boolean allows(Caller caller, RequestContext context) {
        return access.allows(caller, context);
    }

    /** Whether the caller may perform {@code action} on {@code resource}. */
    public boolean allows(Caller caller, String region, String action, String resource,
                          Consumer<RequestContext.Builder> keys) {
        return allows(caller, context(caller, region, action, resource, keys));
    }
}
