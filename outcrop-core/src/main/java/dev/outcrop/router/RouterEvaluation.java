package dev.outcrop.router;

import static java.util.Objects.requireNonNull;

import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Message;
import dev.outcrop.usage.PriceBook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Replays conversations through a router's decision without calling any model, and estimates what the routed
 * calls would cost against always calling the stronger model. Tokens are estimated: input at one token per four
 * characters, output at the request's {@code maxTokens} or {@value #ASSUMED_OUTPUT_TOKENS}.
 */
public final class RouterEvaluation {
    /** Output tokens assumed for a request that sets no {@code maxTokens}. */
    public static final int ASSUMED_OUTPUT_TOKENS = 300;
    private static final int CHARS_PER_TOKEN = 4;

    private final RouterDecider decider;
    private final PriceBook prices;

    /** Creates the evaluation over the decider the runtime uses and the price book. */
    public RouterEvaluation(RouterDecider decider, PriceBook prices) {
        this.decider = requireNonNull(decider, "decider");
        this.prices = requireNonNull(prices, "prices");
    }

    /**
     * What the replay found.
     *
     * @param conversations how many were replayed
     * @param byModel how many went to each model (by the router's model ARN), in the router's order
     * @param fallbacks how many went to the fallback model because nothing could be predicted
     * @param routedCostMicros estimated cost of the routed calls, micro-dollars
     * @param strongerCostMicros estimated cost of calling the stronger model every time, micro-dollars
     */
    public record Report(int conversations, Map<String, Integer> byModel, int fallbacks, long routedCostMicros,
                         long strongerCostMicros) {
        /** The share of conversations each model got, 0..1. */
        public double share(String modelArn) {
            return conversations == 0 ? 0 : byModel.getOrDefault(modelArn, 0) / (double) conversations;
        }

        /** The estimated saving against always calling the stronger model, 0..1. */
        public double saving() {
            return strongerCostMicros == 0 ? 0 : 1 - routedCostMicros / (double) strongerCostMicros;
        }
    }

    /** Replays {@code conversations} through {@code router}. */
    public Report evaluate(PromptRouter router, List<ChatRequest> conversations, Function<String, FoundationModel> models) {
        Map<String, Integer> byModel = new LinkedHashMap<>();
        router.modelArns().forEach(arn -> byModel.put(arn, 0));
        int fallbacks = 0;
        long routed = 0;
        long stronger = 0;
        for (ChatRequest request : conversations) {
            RouterDecision decision = decider.decide(router, request, models);
            byModel.merge(decision.modelArn(), 1, Integer::sum);
            if (decision.reason() == RouterDecision.Reason.FALLBACK) {
                fallbacks++;
            }
            long input = inputTokens(request);
            long output = request.parameters().maxTokens() == null ? ASSUMED_OUTPUT_TOKENS : request.parameters().maxTokens();
            routed += prices.price(decision.modelId(), router.region()).cost(input, output, 0, 0);
            stronger += prices.price(models.apply(decision.strongerModelArn()).modelId(), router.region())
                    .cost(input, output, 0, 0);
        }
        return new Report(conversations.size(), byModel, fallbacks, routed, stronger);
    }

    private static long inputTokens(ChatRequest request) {
        long chars = request.system().stream().mapToLong(String::length).sum();
        for (Message message : request.messages()) {
            chars += message.text().length();
        }
        return Math.max(1, chars / CHARS_PER_TOKEN);
    }
}
