package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import dev.outcrop.context.RequestScope;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.ModelErrorException;
import dev.outcrop.error.ModelNotReadyException;
import dev.outcrop.error.ModelTimeoutException;
import dev.outcrop.error.ServiceUnavailableException;
import dev.outcrop.error.ThrottlingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a model call: resolves what {@code modelId} names, picks a deployment among the target's
 * destinations, and sends the call there; when a deployment fails before the first event has reached
 * the caller, the call moves to the next destination. A call never leaves its target's destinations.
 */
public final class InvocationService {
    private final TargetResolver resolver;
    private final Deployments deployments;

    /** Creates the service. */
    public InvocationService(TargetResolver resolver, Deployments deployments) {
        this.resolver = requireNonNull(resolver, "resolver");
        this.deployments = requireNonNull(deployments, "deployments");
    }

    /** Resolves {@code modelId} in the caller's region. */
    public Target resolve(RequestScope scope, String modelId) {
        return resolver.resolve(scope, modelId);
    }

    /**
     * Generates the answer to {@code request} on {@code target}, event by event, into {@code sink}.
     *
     * @throws BedrockException when no destination could answer, or when the answer failed mid-stream
     */
    public Invocation converse(Target target, ChatRequest request, ChatEventSink sink) {
        long start = System.nanoTime();
        BedrockException lastFailure = null;
        List<String> tried = new ArrayList<>();
        for (String region : target.destinations()) {
            Optional<Deployments.Bound> bound = deployments.find(target.modelId(), region);
            if (bound.isEmpty()) {
                continue;
            }
            tried.add(region);
            HoldFirstEvent guarded = new HoldFirstEvent(sink, region);
            UsageTap usage = new UsageTap(guarded);
            try {
                bound.get().provider().converse(bound.get().deployment(), request, usage);
                return new Invocation(target, List.of(region), usage.usage(), Duration.ofNanos(System.nanoTime() - start));
            } catch (BedrockException e) {
                if (guarded.forwardedContent() || !isWorthAnotherRegion(e)) {
                    throw e;
                }
                lastFailure = e;
            }
        }
        if (lastFailure != null) {
            throw lastFailure;
        }
        throw new ServiceUnavailableException("No deployment of " + target.modelId() + " is configured in "
                + String.join(", ", target.destinations()) + ".");
    }

    /** Counts the input tokens of {@code request} on the target's preferred deployment. */
    public int countTokens(Target target, ChatRequest request) {
        for (String region : target.destinations()) {
            Optional<Deployments.Bound> bound = deployments.find(target.modelId(), region);
            if (bound.isPresent()) {
                return bound.get().provider().countTokens(bound.get().deployment(), request);
            }
        }
        throw new ServiceUnavailableException("No deployment of " + target.modelId() + " is configured.");
    }

    /** Failures another region may not have: capacity, availability, a slow start, a backend 5xx. */
    private static boolean isWorthAnotherRegion(BedrockException e) {
        return e instanceof ThrottlingException || e instanceof ServiceUnavailableException
                || e instanceof ModelNotReadyException || e instanceof ModelTimeoutException
                || e instanceof ModelErrorException m && m.originalStatusCode() != null && m.originalStatusCode() >= 500;
    }

    /**
     * Holds back {@code messageStart} until the first content event, so that a deployment failing right after
     * starting its message can still be replaced without the caller seeing two starts.
     */
    private static final class HoldFirstEvent implements ChatEventSink {
        private final ChatEventSink next;
        private final String region;
        private ChatEvent.MessageStart held;
        private boolean forwarded;

        HoldFirstEvent(ChatEventSink next, String region) {
            this.next = next;
            this.region = region;
        }

        @Override
        public void accept(ChatEvent event) {
            if (event instanceof ChatEvent.MessageStart start && !forwarded) {
                held = start;
                return;
            }
            if (!forwarded) {
                forwarded = true;
                next.servingRegion(region);
                next.accept(held != null ? held : new ChatEvent.MessageStart("assistant"));
            }
            next.accept(event);
        }

        boolean forwardedContent() {
            return forwarded;
        }
    }

    /** Notes the usage the provider reports as it passes. */
    private static final class UsageTap implements ChatEventSink {
        private final ChatEventSink next;
        private Usage usage = Usage.NONE;

        UsageTap(ChatEventSink next) {
            this.next = next;
        }

        @Override
        public void accept(ChatEvent event) {
            if (event instanceof ChatEvent.Metadata metadata) {
                usage = metadata.usage();
            }
            next.accept(event);
        }

        Usage usage() {
            return usage;
        }
    }
}
