package dev.outcrop.providers.simulator;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A fault the simulator injects into one region's deployments.
 *
 * @param kind what goes wrong
 * @param until when it stops by itself, or null for "until cleared"
 * @param afterTokens for {@link Kind#CUT_STREAM}: how many tokens are generated before the cut
 */
public record Fault(Kind kind, Instant until, int afterTokens) {
    /** Checks the members. */
    public Fault {
        requireNonNull(kind, "kind");
    }

    /** What goes wrong. */
    public enum Kind {
        /** Every call is refused as over capacity (a backend's 429): {@code ThrottlingException}. */
        THROTTLE,
        /** Every call fails as a backend 5xx would: {@code ServiceUnavailableException}. */
        FAIL,
        /** Calls never produce a first token: they time out ({@code ModelTimeoutException}). */
        HANG,
        /** The region is unreachable: connections are refused at once ({@code ServiceUnavailableException}). */
        DOWN,
        /** Streams break after {@code afterTokens} tokens ({@code ModelStreamErrorException}). */
        CUT_STREAM
    }

    /** Whether the fault is in force at {@code now}. */
    public boolean activeAt(Instant now) {
        return until == null || now.isBefore(until);
    }
}
