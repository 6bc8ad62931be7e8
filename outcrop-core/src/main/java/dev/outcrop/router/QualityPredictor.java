package dev.outcrop.router;

import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.invoke.ChatRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predicts how well a model would answer a conversation: the SPI a prompt router decides with. A predictor is
 * called on the request's thread before the model call, so it must be quick and must not hold its carrier.
 */
public interface QualityPredictor {

    /**
     * The predicted quality of {@code candidate}'s answer to {@code request}, 0 (useless) to 100 (perfect).
     *
     * @throws PredictionUnavailableException when no prediction can be made: the router's fallback model serves
     */
    Prediction predict(ChatRequest request, FoundationModel candidate);

    /** Predictions for each candidate; a predictor that asks a service overrides this to ask once. */
    default Map<String, Prediction> predictAll(ChatRequest request, List<FoundationModel> candidates) {
        Map<String, Prediction> predictions = new LinkedHashMap<>();
        for (FoundationModel candidate : candidates) {
            predictions.put(candidate.modelId(), predict(request, candidate));
        }
        return predictions;
    }

    /**
     * A predicted quality and what made it.
     *
     * @param score 0..100
     * @param contributions each feature's share of the score, in the predictor's own terms, for the debug line
     */
    record Prediction(double score, Map<String, Double> contributions) {
        /** Checks the score and copies the map. */
        public Prediction {
            if (!(score >= 0 && score <= 100)) {
                throw new IllegalArgumentException("score: " + score + " (expected: 0..100)");
            }
            contributions = Map.copyOf(contributions);
        }
    }

    /** No prediction could be made (a scoring service down, slow or answering nonsense). */
    final class PredictionUnavailableException extends RuntimeException {
        /** Says why. */
        public PredictionUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
