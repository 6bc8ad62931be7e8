package dev.outcrop.invoke;

/**
 * How sure a model was of the tokens it generated, from the log-probabilities its backend reported for them
 * (OpenAI-compatible servers such as vLLM and Ollama do when a request asks for {@code logprobs}).
 *
 * @param tokens how many generated tokens carried a log-probability
 * @param logprobSum the sum of their natural-log probabilities (at most 0)
 */
public record AnswerConfidence(int tokens, double logprobSum) {
    /** Checks the figures: a count of at least one, and a finite sum no greater than 0. */
    public AnswerConfidence {
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be at least 1: " + tokens);
        }
        if (!Double.isFinite(logprobSum) || logprobSum > 0) {
            throw new IllegalArgumentException("logprobSum must be finite and at most 0: " + logprobSum);
        }
    }

    /**
     * The geometric mean of the tokens' probabilities, in (0, 1]: the probability the model gave, on average, to
     * each token it chose; it does not grow or shrink with the answer's length.
     */
    public double meanProbability() {
        return Math.exp(logprobSum / tokens);
    }
}
