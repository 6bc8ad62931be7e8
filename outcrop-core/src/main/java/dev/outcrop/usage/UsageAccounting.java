package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.BedrockException;
import dev.outcrop.error.InternalServerException;
import dev.outcrop.invoke.Invocation;
import dev.outcrop.invoke.OutputBound;
import dev.outcrop.invoke.Target;
import dev.outcrop.invoke.Usage;
import dev.outcrop.util.internal.FixedTimeLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The accounting of one runtime call, around the model call: quotas and a worst-case budget reservation
 * before it; after it, the cost at the served region's price, the budgets and quotas settled, and one usage
 * record, which must be durable before the call's answer is complete.
 */
public final class UsageAccounting {
    /** The longest an answer waits for its record to be committed before the call fails instead. */
    public static final Duration DURABILITY_TIMEOUT = Duration.ofSeconds(10);
    /** Fails a record's future that is not durable in time (a timed wait per call would cost more: see FixedTimeLimit). */
    private static final FixedTimeLimit DURABILITY_LIMIT = new FixedTimeLimit(DURABILITY_TIMEOUT, Duration.ofMillis(100),
            "outcrop-durability-limit", "storing the usage record");
    private static final long DEFAULT_OUTPUT_ESTIMATE = OutputBound.DEFAULT_MAX_TOKENS;

    private final Ledger ledger;
    private final PriceBook prices;
    private final Budgets budgets;
    private final Quotas quotas;
    private final Clock clock;
    private final UsageObserver observer;

    /** Creates the accounting. */
    public UsageAccounting(Ledger ledger, PriceBook prices, Budgets budgets, Quotas quotas, Clock clock,
                           UsageObserver observer) {
        this.ledger = requireNonNull(ledger, "ledger");
        this.prices = requireNonNull(prices, "prices");
        this.budgets = requireNonNull(budgets, "budgets");
        this.quotas = requireNonNull(quotas, "quotas");
        this.clock = requireNonNull(clock, "clock");
        this.observer = requireNonNull(observer, "observer");
    }

    /**
     * What the call is, for its record; {@code requestMetadata} is the caller's pairs, empty if none;
     * {@code attributes} what the runtime's stages added about the call (the prompt or router it went
     * through, the model finally invoked), empty if none, seen by the {@link UsageObserver}.
     */
    public record Call(String requestId, String principal, String operation, String modelIdCalled, String sourceRegion,
                       Target target, String applicationProfileArn, Map<String, String> tags,
                       Map<String, String> requestMetadata, Map<String, String> attributes) {
        /** Copies the maps. */
        public Call {
            requestMetadata = requestMetadata == null ? Map.of() : Map.copyOf(requestMetadata);
            attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        }

        /** The attribute naming the Prompt management prompt version a call ran through (its own column). */
        public static final String PROMPT_ARN = "promptArn";

        /** The prompt version the call ran through ({@link #PROMPT_ARN}), or null. */
        public String promptArn() {
            return attributes.get(PROMPT_ARN);
        }

        /** A call whose stages added no attributes. */
        public Call(String requestId, String principal, String operation, String modelIdCalled, String sourceRegion,
                    Target target, String applicationProfileArn, Map<String, String> tags,
                    Map<String, String> requestMetadata) {
            this(requestId, principal, operation, modelIdCalled, sourceRegion, target, applicationProfileArn, tags,
                    requestMetadata, Map.of());
        }

        /** A call without request metadata. */
        public Call(String requestId, String principal, String operation, String modelIdCalled, String sourceRegion,
                    Target target, String applicationProfileArn, Map<String, String> tags) {
            this(requestId, principal, operation, modelIdCalled, sourceRegion, target, applicationProfileArn, tags,
                    Map.of());
        }
    }

    /** The call's attributes and what its provider noted about serving it (the stages' attributes win). */
    private static Map<String, String> withNotes(Map<String, String> attributes, Invocation invocation) {
        if (invocation == null || invocation.notes().isEmpty()) {
            return attributes;
        }
        Map<String, String> all = new java.util.HashMap<>(invocation.notes());
        all.putAll(attributes);
        return all;
    }

    /** One call's accounting, from {@link #begin} to {@link #succeeded} or {@link #failed}. */
    public final class Meter {
        private final Call call;
        private final Quotas.Permit permit;
        private final Budgets.Reservation reservation;
        private boolean done;

        private Meter(Call call, Quotas.Permit permit, Budgets.Reservation reservation) {
            this.call = call;
            this.permit = permit;
            this.reservation = reservation;
        }

        /** The call answered: settle and record; the future completes when the record is durable. */
        public CompletableFuture<Void> succeeded(Invocation invocation) {
            return finish(invocation, UsageRecord.SUCCESS);
        }

        /**
         * The call failed with {@code outcome} (the error type the caller got, or {@code ClientDisconnected}),
         * having used {@code soFar} (null when nothing ran).
         */
        public CompletableFuture<Void> failed(Invocation soFar, String outcome) {
            return finish(soFar, outcome);
        }

        /**
         * Records how the call ended, {@code invocation} having answered ({@code failure} null) or having used
         * that much before {@code failure} (a Bedrock error is recorded by its type, anything else as the
         * client going away), and waits until the record is durable: an answer is not complete before it.
         */
        public void recordDurably(Invocation invocation, RuntimeException failure) {
            if (failure == null) {
                awaitDurable(succeeded(invocation));
            } else {
                awaitDurable(failed(invocation, failure instanceof BedrockException e ? e.errorType() : "ClientDisconnected"));
            }
        }

        /**
         * Records this call's attempt as a record of its own, under {@code requestId} with {@code attributes} instead
         * of the call's (a cascade's first answer, set aside for another model's: the caller's request id goes to the
         * answer it gets), and waits until it is durable. The call then needs a new {@link #begin} for what follows.
         */
        public void recordAttemptDurably(String attemptRequestId, Map<String, String> attemptAttributes,
                                         Invocation invocation, RuntimeException failure) {
            String outcome = failure == null ? UsageRecord.SUCCESS
                    : failure instanceof BedrockException e ? e.errorType() : "ClientDisconnected";
            awaitDurable(finish(invocation, outcome, attemptRequestId, Map.copyOf(attemptAttributes)));
        }

        private CompletableFuture<Void> finish(Invocation invocation, String outcome) {
            return finish(invocation, outcome, call.requestId(), call.attributes());
        }

        private CompletableFuture<Void> finish(Invocation invocation, String outcome, String requestId,
                                               Map<String, String> attributes) {
            if (done) {
                return CompletableFuture.completedFuture(null);
            }
            done = true;
            Usage usage = invocation == null ? Usage.NONE : invocation.usage();
            List<String> served = invocation == null ? List.of() : invocation.servedRegions();
            long cost = cost(call.target().modelId(), served, usage);
            quotas.settle(permit, usage.totalTokens());
            budgets.settle(reservation, cost);
            UsageRecord record = new UsageRecord(clock.instant(), requestId, call.principal(), call.operation(),
                    call.modelIdCalled(), call.target().arn(), call.applicationProfileArn(), call.target().modelId(),
                    call.sourceRegion(), served, usage.inputTokens(), usage.outputTokens(), usage.cacheReadInputTokens(),
                    usage.cacheWriteInputTokens(), invocation == null ? 0 : invocation.latency().toMillis(),
                    invocation == null || invocation.firstToken() == null ? -1 : invocation.firstToken().toMillis(),
                    outcome, cost, call.tags(), call.requestMetadata(), withNotes(attributes, invocation));
            observer.recorded(record, call);
            return ledger.append(record);
        }
    }

    /**
     * Admits a call: takes its quotas and reserves its worst-case cost (input tokens at the estimate,
     * {@code maxTokens} of output, at the dearest destination).
     *
     * @throws dev.outcrop.error.ThrottlingException when a quota is spent
     * @throws dev.outcrop.error.ServiceQuotaExceededException when a budget cannot cover the call
     * @throws IllegalArgumentException when {@code maxTokens} is below 1 or the input estimate negative
     */
    public Meter begin(Call call, long estimatedInputTokens, Integer maxTokens) {
        // A call that may answer must hold something: an estimate of zero or less would reserve nothing, and any number
        // of such calls would then run at once past every budget. The wire refuses such limits before they get here.
        if (maxTokens != null && maxTokens < 1 || estimatedInputTokens < 0) {
            throw new IllegalArgumentException("maxTokens: " + maxTokens + ", input tokens: " + estimatedInputTokens
                    + " (expected: maxTokens >= 1 or none, input tokens >= 0)");
        }
        CallScope scope = new CallScope(call.principal(), call.target().arn(), call.applicationProfileArn(), call.tags());
        long output = maxTokens != null ? maxTokens : DEFAULT_OUTPUT_ESTIMATE;
        Quotas.Permit permit;
        try {
            permit = quotas.acquire(scope, estimatedInputTokens + output);
        } catch (BedrockException refused) {
            recordRefusal(call, refused);
            throw refused;
        }
        long worst = 0;
        for (String region : call.target().destinations()) {
            worst = Math.max(worst, prices.price(call.target().modelId(), region).cost(estimatedInputTokens, output, 0, 0));
        }
        try {
            return new Meter(call, permit, budgets.reserve(scope, worst));
        } catch (BedrockException refused) {
            quotas.settle(permit, 0);
            recordRefusal(call, refused);
            throw refused;
        }
    }

    /**
     * Admits a call that runs no model but still spends an upstream's rate (CountTokens asked of Bedrock): one request
     * from every quota that counts it, no tokens and no budget, and nothing kept (the call has no usage record).
     *
     * @throws dev.outcrop.error.ThrottlingException when a quota is spent
     */
    public void admitRequest(Call call) {
        quotas.acquire(new CallScope(call.principal(), call.target().arn(), call.applicationProfileArn(), call.tags()), 0);
    }

    private void recordRefusal(Call call, BedrockException refused) {
        UsageRecord record = new UsageRecord(clock.instant(), call.requestId(), call.principal(), call.operation(),
                call.modelIdCalled(), call.target().arn(), call.applicationProfileArn(), call.target().modelId(),
                call.sourceRegion(), List.of(), 0, 0, 0, 0, 0, -1, refused.errorType(), 0, call.tags(),
                call.requestMetadata(), call.attributes());
        observer.recorded(record, call);
        try {
            awaitDurable(ledger.append(record)); // a refusal, too, is on record before the caller hears of it
        } catch (InternalServerException e) {
            // the refusal still stands; the ledger's failure is logged by the ledger
        }
    }

    /**
     * The cost of a call at the price of the region that served it (the last one, for a stream continued
     * in a second region: the ledger keeps both regions).
     */
    private long cost(String modelId, List<String> servedRegions, Usage usage) {
        if (servedRegions.isEmpty()) {
            return 0;
        }
        String region = servedRegions.getLast();
        return prices.price(modelId, region).cost(usage.inputTokens(), usage.outputTokens(), usage.cacheReadInputTokens(),
                usage.cacheWriteInputTokens());
    }

    /**
     * Waits until a record is durable: an answer is not complete before its record is.
     *
     * @throws InternalServerException when the ledger cannot commit it in time
     */
    public static void awaitDurable(CompletableFuture<Void> durable) {
        try {
            DURABILITY_LIMIT.watch(durable).get();
        } catch (ExecutionException e) {
            throw new InternalServerException("The usage record of this call could not be stored; the call is not "
                    + "complete. Retry it.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalServerException("Interrupted while storing the usage record.", e);
        }
    }

    /** The ledger's records not yet durable. */
    public int backlog() {
        return ledger.backlog();
    }

    /** Budget states. */
    public List<Budgets.Status> budgets() {
        return budgets.statuses();
    }
}
