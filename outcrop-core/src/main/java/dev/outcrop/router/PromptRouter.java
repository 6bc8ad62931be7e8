package dev.outcrop.router;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.resource.StoredResource;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A prompt router as the API shows it: a default router of the catalog seen from one region, or a custom
 * router as it is stored.
 *
 * @param id {@code anthropic.claude:1} for a default router, 12 lowercase alphanumerics for a custom one
 * @param type default or custom
 * @param accountId the account it belongs to (for a default router, the caller's)
 * @param region the region it lives in
 * @param name display name, unique per account and region among custom routers
 * @param description optional description, or null
 * @param modelArns the two models it routes between, as given (foundation-model or profile ARNs)
 * @param fallbackModelArn the model that serves when no prediction can be made; one of {@code modelArns}
 * @param responseQualityDifference in percent (0..100): how much worse the cheaper model may be predicted to answer
 * @param mode predict (Bedrock) or cascade
 * @param createdAt creation time
 * @param updatedAt last update time
 * @param clientRequestToken the idempotency token it was created with, or null
 * @param requestFingerprint a digest of the create request, to tell a retry from a token reused; null for defaults
 * @param sequence position in creation order, assigned by the store; 0 for defaults
 * @param escalateOn what a cascading router checks the cheaper model's answer for (Outcrop's own setting, not on
 *        Bedrock's wire); empty for a predicting router
 * @param minConfidence with {@link CascadeCheck#LOW_CONFIDENCE} among {@code escalateOn}, the least
 *        {@link dev.outcrop.invoke.AnswerConfidence#meanProbability} a cheaper answer passes with, in (0, 1);
 *        0 otherwise
 */
public record PromptRouter(String id, PromptRouterType type, String accountId, String region, String name,
                           String description, List<String> modelArns, String fallbackModelArn,
                           double responseQualityDifference, RoutingMode mode, Instant createdAt, Instant updatedAt,
                           String clientRequestToken, String requestFingerprint, long sequence,
                           Set<CascadeCheck> escalateOn, double minConfidence) implements StoredResource {
    /** The tag key that chooses {@link RoutingMode#CASCADE} when a custom router is created. */
    public static final String MODE_TAG = "outcrop:routing-mode";

    /** Copies the list and checks the required members. */
    public PromptRouter {
        requireNonNull(id, "id");
        requireNonNull(type, "type");
        requireNonNull(accountId, "accountId");
        requireNonNull(region, "region");
        requireNonNull(name, "name");
        modelArns = List.copyOf(modelArns);
        requireNonNull(fallbackModelArn, "fallbackModelArn");
        requireNonNull(mode, "mode");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(updatedAt, "updatedAt");
        escalateOn = escalateOn == null || escalateOn.isEmpty() ? Set.of() : Set.copyOf(escalateOn);
        if (escalateOn.contains(CascadeCheck.LOW_CONFIDENCE) ? !(minConfidence > 0 && minConfidence < 1)
                : minConfidence != 0) {
            throw new IllegalArgumentException("minConfidence " + minConfidence + " with checks " + escalateOn);
        }
    }

    /** A router as Bedrock makes it: a cascading one checks the answers for {@link CascadeCheck#DEFAULTS}. */
    public PromptRouter(String id, PromptRouterType type, String accountId, String region, String name,
                        String description, List<String> modelArns, String fallbackModelArn,
                        double responseQualityDifference, RoutingMode mode, Instant createdAt, Instant updatedAt,
                        String clientRequestToken, String requestFingerprint, long sequence) {
        this(id, type, accountId, region, name, description, modelArns, fallbackModelArn, responseQualityDifference,
                mode, createdAt, updatedAt, clientRequestToken, requestFingerprint, sequence,
                mode == RoutingMode.CASCADE ? CascadeCheck.DEFAULTS : Set.of(), 0);
    }

    /** The router's ARN in {@code partition}. */
    @Override
    public Arn arn(String partition) {
        return Arn.of(partition, region, accountId, type == PromptRouterType.DEFAULT
                ? ResourceTypes.DEFAULT_PROMPT_ROUTER : ResourceTypes.PROMPT_ROUTER, id);
    }

    /** This router with the sequence the store assigned. */
    public PromptRouter withSequence(long assigned) {
        return new PromptRouter(id, type, accountId, region, name, description, modelArns, fallbackModelArn,
                responseQualityDifference, mode, createdAt, updatedAt, clientRequestToken, requestFingerprint, assigned,
                escalateOn, minConfidence);
    }

    /**
     * This router routing in {@code newMode}, checking {@code checks} when it cascades (an answer less confident
     * than {@code newMinConfidence} failing {@link CascadeCheck#LOW_CONFIDENCE}), updated at {@code now}.
     */
    public PromptRouter withRouting(RoutingMode newMode, Set<CascadeCheck> checks, double newMinConfidence,
                                    Instant now) {
        boolean cascade = newMode == RoutingMode.CASCADE;
        return new PromptRouter(id, type, accountId, region, name, description, modelArns, fallbackModelArn,
                responseQualityDifference, newMode, createdAt, now, clientRequestToken, requestFingerprint, sequence,
                cascade ? checks : Set.of(),
                cascade && checks.contains(CascadeCheck.LOW_CONFIDENCE) ? newMinConfidence : 0);
    }
}
