package dev.outcrop.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.CatalogLoader;
import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.Message;
import dev.outcrop.usage.PriceBook;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RouterDeciderTest {
    static final String HAIKU = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0";
    static final String SONNET = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0";
    static final Catalog CATALOG = CatalogLoader.builtIn();
    static final Function<String, FoundationModel> MODELS = arn -> CATALOG.model(arn.substring(arn.indexOf("/us.") + 4)).orElseThrow();

    static final String EASY = "What is the capital of France?";
    static final String HARD = "Analyze this algorithm step by step and prove its complexity. First, explain why the "
            + "recurrence holds, then derive the closed form of the equation, compare it with the integral bound and "
            + "refactor the code:\n```python\ndef solve(xs):\n    return sorted(xs)[len(xs) // 2]\n```\n"
            + "Finally, justify the trade-off between the two designs and evaluate the probability of the worst case.";

    static PromptRouter router(double difference) {
        Instant t = Instant.EPOCH;
        // Listed stronger first: the decider orders them by price, not by position.
        return new PromptRouter("abcdefghijkl", PromptRouterType.CUSTOM, "123456789012", "us-east-1", "r", null,
                List.of(SONNET, HAIKU), SONNET, difference, RoutingMode.PREDICT, t, t, null, "f", 1);
    }

    static ChatRequest ask(String text) {
        return new ChatRequest(List.of(), List.of(new Message("user", List.of(new ContentBlock.Text(text)))),
                InferenceParameters.DEFAULTS, List.of(), null, null);
    }

    final RouterDecider decider = new RouterDecider(BuiltInQualityPredictor.withShippedWeights(), PriceBook.defaults());

    @Test
    void anEasyRequestGoesToTheCheaperModel() {
        RouterDecision decision = decider.decide(router(10), ask(EASY), MODELS);

        assertThat(decision.modelArn()).isEqualTo(HAIKU);
        assertThat(decision.reason()).isEqualTo(RouterDecision.Reason.CHEAPER_WITHIN_DIFFERENCE);
        assertThat(decision.strongerModelArn()).isEqualTo(SONNET);
    }

    @Test
    void aHardRequestGoesToTheStrongerModel() {
        RouterDecision decision = decider.decide(router(10), ask(HARD), MODELS);

        assertThat(decision.modelArn()).isEqualTo(SONNET);
        assertThat(decision.reason()).isEqualTo(RouterDecision.Reason.STRONGER_NEEDED);
    }

    @Test
    void aWideEnoughQualityDifferenceSendsEvenAHardRequestToTheCheaperModel() {
        assertThat(decider.decide(router(50), ask(HARD), MODELS).modelArn()).isEqualTo(HAIKU);
    }

    @Test
    void theFallbackModelServesWhenThePredictorCannotPredict() {
        QualityPredictor broken = (request, candidate) -> {
            throw new QualityPredictor.PredictionUnavailableException("down", null);
        };

        RouterDecision decision = new RouterDecider(broken, PriceBook.defaults()).decide(router(10), ask(EASY), MODELS);

        assertThat(decision.modelArn()).isEqualTo(SONNET);
        assertThat(decision.reason()).isEqualTo(RouterDecision.Reason.FALLBACK);
    }

    @Test
    void theExplanationNamesEachFeaturesContributionButNotTheText() {
        String line = decider.decide(router(10), ask(HARD), MODELS).explanation();

        assertThat(line).contains("reasoning=", "code=", "mathematics=", "capability=").doesNotContain("France", "solve");
    }

    @Test
    void aPredictionIsTheSameForTheSameRequest() {
        BuiltInQualityPredictor predictor = BuiltInQualityPredictor.withShippedWeights();
        FoundationModel haiku = MODELS.apply(HAIKU);

        assertThat(predictor.predict(ask(HARD), haiku)).isEqualTo(predictor.predict(ask(HARD), haiku));
        assertThat(predictor.predict(ask(EASY), haiku).score()).isGreaterThan(predictor.predict(ask(HARD), haiku).score());
    }
}
