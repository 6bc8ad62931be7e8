package dev.outcrop.router;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which of a router's models a request goes to, and why.
 *
 * @param modelArn the chosen model as the router names it (a profile or foundation-model ARN)
 * @param modelId the chosen foundation model
 * @param reason why it was chosen
 * @param cheaperModelArn the router's cheaper model
 * @param strongerModelArn the router's stronger model: what it would cost to always call it is the saving's base
 * @param predictions the predictions by model id; empty when none could be made
 */
public record RouterDecision(String modelArn, String modelId, Reason reason, String cheaperModelArn,
                             String strongerModelArn, Map<String, QualityPredictor.Prediction> predictions) {
    /** Copies the map and checks the members. */
    public RouterDecision {
        requireNonNull(modelArn, "modelArn");
        requireNonNull(modelId, "modelId");
        requireNonNull(reason, "reason");
        predictions = Map.copyOf(predictions);
    }

    /** Why a model was chosen. */
    public enum Reason {
        /** The cheaper model is predicted within the response quality difference of the stronger one. */
        CHEAPER_WITHIN_DIFFERENCE,
        /** The cheaper model is predicted too far below the stronger one. */
        STRONGER_NEEDED,
        /** No prediction could be made: the router's fallback model serves. */
        FALLBACK,
        /** The router cascades: the cheaper model answers first, the stronger one when that answer fails a check. */
        CASCADE
    }

    /** One line that explains the decision: scores and each feature's contribution (never the request's text). */
    public String explanation() {
        String scores = predictions.entrySet().stream().map(e -> e.getKey() + "=" + Math.round(e.getValue().score() * 10) / 10.0
                + " " + e.getValue().contributions()).collect(Collectors.joining("; "));
        return reason + " -> " + modelId + (scores.isEmpty() ? "" : " (" + scores + ")");
    }
}
