package dev.outcrop.router;

import static java.util.Objects.requireNonNull;

import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.usage.Price;
import dev.outcrop.usage.PriceBook;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which of a router's two models answers a request, as Bedrock's intelligent prompt routing does: the
 * cheaper model when its predicted quality is within {@code responseQualityDifference} percent of the stronger
 * one's, else the stronger one; the fallback model when no prediction can be made.
 */
public final class RouterDecider {
    private static final Logger log = LoggerFactory.getLogger(RouterDecider.class);

    private final QualityPredictor predictor;
    private final PriceBook prices;

    /** Creates the decider over a predictor and the prices that tell the cheaper model from the stronger. */
    public RouterDecider(QualityPredictor predictor, PriceBook prices) {
        this.predictor = requireNonNull(predictor, "predictor");
        this.prices = requireNonNull(prices, "prices");
    }

    /**
     * Decides for one request.
     *
     * @param models the foundation model each of the router's model ARNs reaches
     */
    public RouterDecision decide(PromptRouter router, ChatRequest request, Function<String, FoundationModel> models) {
        if (router.mode() == RoutingMode.CASCADE) {
            return cascade(router, models);
        }
        String first = router.modelArns().get(0);
        String second = router.modelArns().get(1);
        FoundationModel a = models.apply(first);
        FoundationModel b = models.apply(second);
        boolean firstCheaper = listPrice(a, router.region()) <= listPrice(b, router.region());
        String cheaperArn = firstCheaper ? first : second;
        String strongerArn = firstCheaper ? second : first;
        FoundationModel cheaper = firstCheaper ? a : b;
        FoundationModel stronger = firstCheaper ? b : a;
        Map<String, QualityPredictor.Prediction> predictions;
        try {
            predictions = predictor.predictAll(request, List.of(cheaper, stronger));
        } catch (QualityPredictor.PredictionUnavailableException | IllegalArgumentException e) {
            log.info("router {}: no prediction ({}); the fallback model serves", router.id(), e.getMessage());
            String fallback = router.fallbackModelArn();
            return new RouterDecision(fallback, models.apply(fallback).modelId(), RouterDecision.Reason.FALLBACK,
                    cheaperArn, strongerArn, Map.of());
        }
        QualityPredictor.Prediction cheap = predictions.get(cheaper.modelId());
        QualityPredictor.Prediction strong = predictions.get(stronger.modelId());
        if (cheap == null || strong == null) {
            String fallback = router.fallbackModelArn();
            return new RouterDecision(fallback, models.apply(fallback).modelId(), RouterDecision.Reason.FALLBACK,
                    cheaperArn, strongerArn, Map.of());
        }
        boolean within = cheap.score() >= strong.score() * (1 - router.responseQualityDifference() / 100);
        RouterDecision decision = within
                ? new RouterDecision(cheaperArn, cheaper.modelId(), RouterDecision.Reason.CHEAPER_WITHIN_DIFFERENCE,
                        cheaperArn, strongerArn, predictions)
                : new RouterDecision(strongerArn, stronger.modelId(), RouterDecision.Reason.STRONGER_NEEDED,
                        cheaperArn, strongerArn, predictions);
        log.debug("router {}: {}", router.id(), decision.explanation());
        return decision;
    }

    /**
     * A cascading router's first step: the cheaper model, with nothing predicted (its answer is checked instead).
     */
    public RouterDecision cascade(PromptRouter router, Function<String, FoundationModel> models) {
        String first = router.modelArns().get(0);
        String second = router.modelArns().get(1);
        FoundationModel a = models.apply(first);
        FoundationModel b = models.apply(second);
        boolean firstCheaper = listPrice(a, router.region()) <= listPrice(b, router.region());
        RouterDecision decision = new RouterDecision(firstCheaper ? first : second,
                (firstCheaper ? a : b).modelId(), RouterDecision.Reason.CASCADE, firstCheaper ? first : second,
                firstCheaper ? second : first, Map.of());
        log.debug("router {}: {}", router.id(), decision.explanation());
        return decision;
    }

    /** A model's price for a typical call (as many input as output tokens), to tell the cheaper from the stronger. */
    private long listPrice(FoundationModel model, String region) {
        Price price = prices.price(model.modelId(), region);
        return price.inputPer1k() + price.outputPer1k();
    }
}
