package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import dev.outcrop.context.RequestScope;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.ModelErrorException;
import dev.outcrop.error.ModelNotReadyException;
import dev.outcrop.error.ModelStreamErrorException;
import dev.outcrop.error.ModelTimeoutException;
import dev.outcrop.error.ServiceUnavailableException;
import dev.outcrop.error.ThrottlingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Runs a model call: resolves what {@code modelId} names, has the router choose a deployment among the
 * target's destinations, and sends the call there.
 *
 * <p>Failover: a deployment that fails before the first event reaches the caller (unavailable, timed out,
 * throttled, 5xx) is replaced by another destination, within the retry budget and the call's deadline;
 * the caller never sees the failed attempt. A deployment that fails mid-answer is replaced by one that can
 * continue the partial answer (the partial text becomes the assistant's prefix), and the caller receives
 * one uninterrupted answer; where no destination can continue, the failure reaches the caller.
 */
public final class InvocationService {
    private static final int DEFAULT_OUTPUT_ESTIMATE = 512;

    private final TargetResolver resolver;
    private final DeploymentRouter router;
    private final TokenCounter tokens;

    /** Creates the service. */
    public InvocationService(TargetResolver resolver, DeploymentRouter router, TokenCounter tokens) {
        this.resolver = requireNonNull(resolver, "resolver");
        this.router = requireNonNull(router, "router");
        this.tokens = requireNonNull(tokens, "tokens");
    }

    /** Resolves {@code modelId} in the caller's region. */
    public Target resolve(RequestScope scope, String modelId) {
        return resolver.resolve(scope, modelId);
    }

    /**
     * Generates the answer to {@code request} on {@code target}, event by event, into {@code sink}.
     *
     * @throws BedrockException when no destination could answer, or the answer failed mid-stream and
     *         could not be continued
     */
    public Invocation converse(Target target, ChatRequest request, ChatEventSink sink) {
        return converse(target, request, sink, tokens.count(request));
    }

    /** As {@link #converse(Target, ChatRequest, ChatEventSink)}, with the input tokens already counted. */
    public Invocation converse(Target target, ChatRequest request, ChatEventSink sink, int inputEstimate) {
        return converse(target, request, null, sink, inputEstimate);
    }

    /**
     * As {@link #converse(Target, ChatRequest, ChatEventSink, int)}, with the caller's own body ({@code body}, null
     * when a stage changed the request) for the providers that send it upstream untranslated; a continuation
     * elsewhere is a changed request, so it goes without.
     */
    public Invocation converse(Target target, ChatRequest request, NativeRequest body, ChatEventSink sink,
                               int inputEstimate) {
        long start = router.now();
        long deadline = start + router.policy().deadline().toNanos();
        long estimate = inputEstimate + Optional.ofNullable(request.parameters().maxTokens()).orElse(DEFAULT_OUTPUT_ESTIMATE);
        Set<String> tried = new HashSet<>();
        List<String> served = new ArrayList<>();
        Attempts attempts = new Attempts(sink);
        ChatRequest current = request;
        BedrockException lastFailure = null;
        for (int attempt = 0; attempt < router.policy().maxAttempts(); attempt++) {
            if (router.now() > deadline) {
                break;
            }
            boolean continuing = attempts.forwardedContent();
            DeploymentRouter.Lease lease;
            try {
                lease = router.acquire(target, estimate, tried, continuing
                        ? bound -> bound.provider().continuesPartialAnswers() : bound -> true);
            } catch (BedrockException noneLeft) {
                throw failed(sink, target, served, attempts, start, lastFailure != null ? lastFailure : noneLeft);
            }
            tried.add(lease.region());
            attempts.begin(lease, router);
            try {
                ModelProvider provider = lease.bound().provider();
                provider.converse(lease.bound().deployment(), current, current == request ? body : null,
                        OutputSchemaCheck.around(provider, current, attempts));
                lease.release(attempts.attemptUsage().totalTokens());
                served.add(lease.region());
                return new Invocation(target, served, attempts.totalUsage(), Duration.ofNanos(router.now() - start),
                        Duration.ofNanos(attempts.providerNanos()), attempts.firstToken(start), attempts.notes());
            } catch (RuntimeException e) {
                if (!(e instanceof BedrockException failure)) {
                    // Not the deployment's fault (the caller went away): count what was generated, and stop.
                    attempts.end();
                    lease.release(0);
                    served.add(lease.region());
                    attempts.countPartial(tokens.count(current), tokens.count(attempts.attemptText()));
                    sink.failed(new Invocation(target, served, attempts.totalUsage(), Duration.ofNanos(router.now() - start),
                            Duration.ofNanos(attempts.providerNanos()), attempts.firstToken(start), attempts.notes()));
                    throw e;
                }
                if (isTheDeployments(failure)) {
                    lease.failed(failure);
                }
                attempts.end();
                lease.release(0);
                lastFailure = failure;
                if (!attempts.forwardedContent()) {
                    if (!isTheDeployments(failure)) {
                        throw failed(sink, target, served, attempts, start, failure);
                    }
                    continue;
                }
                // Mid-answer: what was generated is counted and becomes the prefix the next deployment continues.
                served.add(lease.region());
                attempts.countPartial(tokens.count(current), tokens.count(attempts.attemptText()));
                if (!attempts.canContinue()) {
                    throw failed(sink, target, served, attempts, start, failure);
                }
                attempts.continuingElsewhere();
                Integer maxTokens = request.parameters().maxTokens();
                int generated = attempts.totalUsage().outputTokens();
                if (maxTokens != null && generated >= maxTokens) {
                    // The limit was reached as the stream broke: the answer is complete at its limit.
                    attempts.finishAtLimit();
                    return new Invocation(target, served, attempts.totalUsage(), Duration.ofNanos(router.now() - start),
                            Duration.ofNanos(attempts.providerNanos()), attempts.firstToken(start), attempts.notes());
                }
                // The continuation asks only for what is left, so the whole answer stays within the caller's limit.
                current = request.continuing(attempts.answerSoFar(), maxTokens == null ? null : maxTokens - generated);
            }
        }
        throw failed(sink, target, served, attempts, start, lastFailure != null ? lastFailure
                : new ServiceUnavailableException("No deployment of " + target.modelId() + " answered in time."));
    }

    /** Tells the sink what the call used before failing with {@code error}, and returns the error to throw. */
    private BedrockException failed(ChatEventSink sink, Target target, List<String> served, Attempts attempts, long start,
                                    BedrockException error) {
        sink.failed(new Invocation(target, served, attempts.totalUsage(), Duration.ofNanos(router.now() - start),
                Duration.ofNanos(attempts.providerNanos()), attempts.firstToken(start), attempts.notes()));
        return error;
    }

    /**
     * Counts the input tokens of {@code request}, whichever target it is for: the count is what admission reserves
     * against quotas and budgets before a deployment is chosen, so it cannot depend on the deployment, and
     * {@code CountTokens} answers the same number a call is admitted with.
     */
    public int countTokens(ChatRequest request) {
        return tokens.count(request);
    }

    /**
     * The input tokens of a CountTokens call as a deployment of {@code target} counts them, where its provider
     * counts ({@link ModelProvider#countTokens}; Bedrock does, through its own CountTokens), or null when none does
     * or none that does can take it now (Outcrop's own count stands in then). A deployment that fails is passed over
     * for another region, as a call's would be. {@code admit} runs once, before the first request goes upstream (the
     * caller's quotas, since that request spends the upstream account's rate), and may refuse it by throwing.
     */
    public Integer countTokensUpstream(Target target, NativeRequest body, Runnable admit) {
        requireNonNull(admit, "admit");
        boolean admitted = false;
        Set<String> tried = new HashSet<>();
        BedrockException lastFailure = null;
        for (int attempt = 0; attempt < router.policy().maxAttempts(); attempt++) {
            DeploymentRouter.Lease lease;
            try {
                lease = router.acquire(target, 0, tried, bound -> bound.provider().countsTokens());
            } catch (BedrockException noneLeft) {
                if (lastFailure != null) {
                    throw lastFailure;
                }
                return null;
            }
            tried.add(lease.region());
            if (!admitted) {
                try {
                    admit.run();
                } catch (RuntimeException refused) {
                    // The caller's own quota or budget: nothing of the deployment's, so its health is untouched.
                    lease.release(0);
                    throw refused;
                }
                admitted = true;
            }
            try {
                return lease.bound().provider().countTokens(lease.bound().deployment(), body);
            } catch (BedrockException e) {
                if (!isTheDeployments(e)) {
                    throw e;
                }
                lease.failed(e);
                lastFailure = e;
            } finally {
                lease.release(0);
            }
        }
        if (lastFailure != null) {
            throw lastFailure;
        }
        return null;
    }

    /**
     * Whether {@code e} says the deployment is unwell (capacity, availability, a slow start, a broken stream, a
     * backend 5xx): such a failure counts against its health, and another region may not have it. Any other is the
     * call's own (a request the backend refused, an answer that breaks the caller's schema): it is neither counted
     * against the deployment, or one caller could take a model out of rotation for all, nor tried elsewhere.
     */
    private static boolean isTheDeployments(BedrockException e) {
        return e instanceof ThrottlingException || e instanceof ServiceUnavailableException
                || e instanceof ModelNotReadyException || e instanceof ModelTimeoutException
                || e instanceof ModelStreamErrorException
                || e instanceof ModelErrorException m && m.originalStatusCode() != null && m.originalStatusCode() >= 500;
    }

    /**
     * The caller's view across attempts: one {@code messageStart}, held until the first content event (so a
     * deployment failing right after starting can still be replaced); after a continuation, the next
     * deployment's own start dropped and its usage added to what the failed one generated.
     */
    private static final class Attempts implements ChatEventSink {
        private final ChatEventSink caller;
        private final StringBuilder answerSoFar = new StringBuilder();
        private final StringBuilder attemptText = new StringBuilder();
        private DeploymentRouter.Lease lease;
        private DeploymentRouter router;
        private ChatEvent.MessageStart held;
        private boolean forwarded;
        private boolean attemptStarted;
        private boolean toolBlocks;
        private final SortedSet<Integer> openTextBlocks = new TreeSet<>();
        /** The index after the caller's last content block, and what a continuation's block indexes are moved by. */
        private int nextBlock;
        private int blockOffset;
        private Usage earlierUsage = Usage.NONE;
        private Usage attemptUsage = Usage.NONE;
        private long providerNanos;
        private long firstForwardedAt;
        /** The upstream's own answer held with the message start until the attempt's first content. */
        private final List<byte[]> heldNative = new ArrayList<>(2);
        private final List<Boolean> heldNativeLast = new ArrayList<>(2);
        private java.util.Map<String, String> notes = java.util.Map.of();
        /** Whether the caller was handed the upstream's own answer, which another deployment cannot continue. */
        private boolean forwardedNative;

        Attempts(ChatEventSink caller) {
            this.caller = caller;
        }

        void begin(DeploymentRouter.Lease newLease, DeploymentRouter clock) {
            lease = newLease;
            router = clock;
            attemptStarted = false;
            attemptText.setLength(0);
            attemptUsage = Usage.NONE;
            heldNative.clear();
            heldNativeLast.clear();
            notes = java.util.Map.of();
        }

        @Override
        public void nativeAnswer(byte[] payload, boolean last) {
            if (forwarded) {
                forwardedNative = true;
                caller.nativeAnswer(payload, last);
            } else {
                heldNative.add(payload);
                heldNativeLast.add(last);
            }
        }

        @Override
        public void note(String key, String value) {
            if (notes.isEmpty()) {
                notes = new java.util.TreeMap<>();
            }
            notes.put(key, value);
        }

        java.util.Map<String, String> notes() {
            return notes;
        }

        void end() {
            providerNanos += router.now() - lease.startedAt();
        }

        @Override
        public void accept(ChatEvent chatEvent) {
            ChatEvent event = shifted(chatEvent, blockOffset);
            int block = blockIndex(event);
            if (block >= nextBlock) {
                nextBlock = block + 1;
            }
            if (!attemptStarted && !(event instanceof ChatEvent.MessageStart)) {
                attemptStarted = true;
                lease.firstEvent();
            }
            switch (event) {
                case ChatEvent.MessageStart start -> {
                    if (!forwarded) {
                        held = start;
                    }
                    return;
                }
                case ChatEvent.TextDelta delta -> {
                    answerSoFar.append(delta.text());
                    attemptText.append(delta.text());
                    openTextBlocks.add(delta.index());
                }
                case ChatEvent.BlockStop stop -> openTextBlocks.remove(stop.index());
                case ChatEvent.ToolUseStart start -> toolBlocks = true;
                case ChatEvent.Metadata metadata -> {
                    attemptUsage = metadata.usage();
                    providerNanos += router.now() - lease.startedAt();
                    // A continued answer's confidence would be the last attempt's alone: none is reported for it.
                    forward(new ChatEvent.Metadata(earlierUsage.plus(metadata.usage()),
                            earlierUsage.equals(Usage.NONE) ? metadata.confidence() : null));
                    return;
                }
                default -> { }
            }
            forward(event);
        }

        private void forward(ChatEvent event) {
            if (!forwarded) {
                forwarded = true;
                firstForwardedAt = router.now();
                caller.servingRegion(lease.region(), Duration.ofNanos(providerNanos + router.now() - lease.startedAt()));
                for (int i = 0; i < heldNative.size(); i++) {
                    forwardedNative = true;
                    caller.nativeAnswer(heldNative.get(i), heldNativeLast.get(i)); // before the events parsed from them
                }
                heldNative.clear();
                heldNativeLast.clear();
                caller.accept(held != null ? held : new ChatEvent.MessageStart("assistant"));
            }
            caller.accept(event);
        }

        boolean forwardedContent() {
            return forwarded;
        }

        /** Ends the answer where it broke off, as an answer stopped by {@code maxTokens}. */
        void finishAtLimit() {
            openTextBlocks.forEach(block -> caller.accept(new ChatEvent.BlockStop(block)));
            caller.accept(new ChatEvent.MessageStop(StopReason.MAX_TOKENS));
            caller.accept(new ChatEvent.Metadata(earlierUsage));
        }

        /**
         * A text-only answer can be continued; a tool call cut in the middle cannot, nor an answer the caller got in
         * the upstream's own form, unless the caller renders a continuation in that form too.
         */
        boolean canContinue() {
            return !toolBlocks && (!forwardedNative || caller.continuesNativeAnswers());
        }

        /**
         * Another deployment continues the answer: its text goes on in the text block left open (its blocks are
         * numbered from 0, so they are moved), or in a new block after the last; and a caller handed the upstream's
         * own answer is told that the rest comes as events.
         */
        void continuingElsewhere() {
            blockOffset = openTextBlocks.isEmpty() ? nextBlock : openTextBlocks.last();
            if (forwardedNative) {
                caller.nativeAnswerEnded();
            }
        }

        /** {@code event} with its content block index moved by {@code offset}. */
        private static ChatEvent shifted(ChatEvent event, int offset) {
            if (offset == 0) {
                return event;
            }
            return switch (event) {
                case ChatEvent.TextDelta e -> new ChatEvent.TextDelta(e.index() + offset, e.text());
                case ChatEvent.ReasoningDelta e -> new ChatEvent.ReasoningDelta(e.index() + offset, e.text());
                case ChatEvent.ToolUseStart e -> new ChatEvent.ToolUseStart(e.index() + offset, e.toolUseId(), e.name());
                case ChatEvent.ToolInputDelta e -> new ChatEvent.ToolInputDelta(e.index() + offset, e.json());
                case ChatEvent.BlockStop e -> new ChatEvent.BlockStop(e.index() + offset);
                default -> event;
            };
        }

        /** The content block {@code event} belongs to, or -1. */
        private static int blockIndex(ChatEvent event) {
            return switch (event) {
                case ChatEvent.TextDelta e -> e.index();
                case ChatEvent.ReasoningDelta e -> e.index();
                case ChatEvent.ToolUseStart e -> e.index();
                case ChatEvent.ToolInputDelta e -> e.index();
                case ChatEvent.BlockStop e -> e.index();
                default -> -1;
            };
        }

        String answerSoFar() {
            return answerSoFar.toString();
        }

        String attemptText() {
            return attemptText.toString();
        }

        void countPartial(int inputTokens, int outputTokens) {
            earlierUsage = earlierUsage.plus(new Usage(inputTokens, outputTokens, 0, 0));
        }

        Usage attemptUsage() {
            return attemptUsage;
        }

        Usage totalUsage() {
            return earlierUsage.plus(attemptUsage);
        }

        long providerNanos() {
            return providerNanos;
        }

        Duration firstToken(long start) {
            return forwarded ? Duration.ofNanos(firstForwardedAt - start) : null;
        }
    }
}
