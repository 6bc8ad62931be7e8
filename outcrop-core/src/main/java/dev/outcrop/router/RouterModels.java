package dev.outcrop.router;

import static java.util.Objects.requireNonNull;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.Target;
import dev.outcrop.invoke.TargetResolver;
import java.util.List;

/**
 * The checks Bedrock makes on a new router's models that the Smithy model cannot express: exactly two models,
 * each callable from the caller's region, two different models of one provider, a fallback that is one of them,
 * and a response quality difference in steps of 5.
 */
final class RouterModels {
    /** A router chooses between exactly this many models. */
    static final int MODELS = 2;
    private static final double QUALITY_STEP = 5;

    private final Catalog catalog;
    private final TargetResolver targets;

    RouterModels(Catalog catalog, TargetResolver targets) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.targets = requireNonNull(targets, "targets");
    }

    void check(RequestScope scope, List<String> modelArns, String fallbackModelArn, double responseQualityDifference) {
        if (modelArns.size() != MODELS) {
            throw new ValidationException("1 validation error detected: Value at 'models' failed to satisfy constraint: "
                    + "A prompt router routes between exactly " + MODELS + " models; the request names "
                    + modelArns.size() + ".");
        }
        FoundationModel first = model(scope, modelArns.get(0), "models.1.member.modelArn");
        FoundationModel second = model(scope, modelArns.get(1), "models.2.member.modelArn");
        if (first.modelId().equals(second.modelId())) {
            throw new ValidationException("The models of a prompt router must be two different models; both name "
                    + first.modelId() + ".");
        }
        if (!first.providerName().equals(second.providerName())) {
            throw new ValidationException("The models of a prompt router must belong to the same model family: "
                    + first.modelId() + " is from " + first.providerName() + ", " + second.modelId() + " from "
                    + second.providerName() + ".");
        }
        if (!modelArns.contains(fallbackModelArn)) {
            throw new ValidationException("1 validation error detected: Value '" + fallbackModelArn
                    + "' at 'fallbackModel.modelArn' failed to satisfy constraint: The fallback model must be one of "
                    + "the router's models.");
        }
        if (Math.IEEEremainder(responseQualityDifference, QUALITY_STEP) != 0) {
            throw new ValidationException("Response quality difference must be a value multiple of 5");
        }
    }

    /** The foundation model an ARN reaches from the caller's region, or the error that names the member. */
    private FoundationModel model(RequestScope scope, String arn, String member) {
        Target target;
        try {
            target = targets.resolve(scope, arn);
        } catch (ResourceNotFoundException e) {
            throw new ResourceNotFoundException(member + ": " + e.getMessage());
        } catch (BedrockException e) {
            throw new ValidationException("1 validation error detected: Value '" + arn + "' at '" + member
                    + "' failed to satisfy constraint: " + e.getMessage());
        }
        return catalog.model(target.modelId()).orElseThrow(() -> new ValidationException(
                "The provided model identifier is invalid: " + arn));
    }
}
