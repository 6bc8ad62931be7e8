package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.ThrottlingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests and tokens per minute per profile, principal or tag, over a sliding minute. A call takes one
 * request and its estimated tokens from every quota that counts it, or is refused with
 * {@code ThrottlingException} as Bedrock refuses; the estimate is corrected when the call ends. Where the
 * minutes are counted (this process, or the database a cluster shares) is the {@link QuotaCounter}'s.
 */
public final class Quotas {
    private final List<Quota> quotas;
    private final QuotaCounter counter;

    /** Creates the quotas over a counter. */
    public Quotas(List<Quota> quotas, QuotaCounter counter) {
        this.quotas = List.copyOf(quotas);
        this.counter = requireNonNull(counter, "counter");
    }

    /** What a call took, corrected by {@link #settle}; {@link #NONE} when no quota counts it. */
    public record Permit(QuotaCounter.Taken taken) {
        /** A call no quota counts. */
        public static final Permit NONE = new Permit(null);
    }

    /**
     * Takes one request and {@code estimatedTokens} from every quota that counts the call.
     *
     * @throws ThrottlingException when one of them is spent for this minute
     */
    public Permit acquire(CallScope call, long estimatedTokens) {
        List<Quota> matching = new ArrayList<>();
        for (Quota quota : quotas) {
            if (quota.selector().matches(call)) {
                matching.add(quota);
            }
        }
        if (matching.isEmpty()) {
            return Permit.NONE;
        }
        return switch (counter.take(matching, estimatedTokens)) {
            case QuotaCounter.Taken taken -> new Permit(taken);
            case QuotaCounter.Refused refused -> throw new ThrottlingException(
                    "Too many requests, please wait before trying again. (quota '" + refused.quota().name() + "': "
                            + describe(refused.quota()) + ")");
        };
    }

    /** Replaces the call's token estimate with what it really used. */
    public void settle(Permit permit, long actualTokens) {
        QuotaCounter.Taken taken = permit.taken();
        if (taken != null && actualTokens != taken.tokens()) {
            taken.corrector().correct(taken, actualTokens - taken.tokens());
        }
    }

    private static String describe(Quota quota) {
        List<String> parts = new ArrayList<>();
        if (quota.requestsPerMinute() > 0) {
            parts.add(quota.requestsPerMinute() + " requests a minute");
        }
        if (quota.tokensPerMinute() > 0) {
            parts.add(quota.tokensPerMinute() + " tokens a minute");
        }
        return String.join(", ", parts);
    }
}
