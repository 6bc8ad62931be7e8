package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Prices by model, with region overrides: a cross-region call is priced at the region that served it.
 * The built-in defaults follow Amazon Bedrock's published on-demand prices in us-east-1 (per 1,000 tokens);
 * the configuration overrides any of them, for any region.
 */
public final class PriceBook {
    private final Map<String, Price> byModel;
    private final Map<String, Price> byModelAndRegion;

    /** Creates a price book; {@code byModelAndRegion} keys are {@code modelId@region}. */
    public PriceBook(Map<String, Price> byModel, Map<String, Price> byModelAndRegion) {
        this.byModel = Map.copyOf(requireNonNull(byModel, "byModel"));
        this.byModelAndRegion = Map.copyOf(requireNonNull(byModelAndRegion, "byModelAndRegion"));
    }

    /** The price of {@code modelId} in {@code region}. */
    public Price price(String modelId, String region) {
        Price regional = byModelAndRegion.get(modelId + "@" + region);
        return regional != null ? regional : byModel.getOrDefault(modelId, Price.FREE);
    }

    /** This book with the model prices of {@code overrides} replacing its own. */
    public PriceBook with(Map<String, Price> modelOverrides, Map<String, Price> regionOverrides) {
        Map<String, Price> models = new java.util.HashMap<>(byModel);
        models.putAll(modelOverrides);
        Map<String, Price> regions = new java.util.HashMap<>(byModelAndRegion);
        regions.putAll(regionOverrides);
        return new PriceBook(models, regions);
    }

    /** Amazon Bedrock's published on-demand prices (USD per 1,000 tokens, us-east-1), as micro-dollars. */
    public static PriceBook defaults() {
        Map<String, Price> p = new java.util.HashMap<>();
        put(p, "anthropic.claude-3-haiku-20240307-v1:0", 0.00025, 0.00125);
        put(p, "anthropic.claude-3-5-haiku-20241022-v1:0", 0.0008, 0.004);
        put(p, "anthropic.claude-haiku-4-5-20251001-v1:0", 0.001, 0.005);
        put(p, "anthropic.claude-3-sonnet-20240229-v1:0", 0.003, 0.015);
        put(p, "anthropic.claude-3-5-sonnet-20240620-v1:0", 0.003, 0.015);
        put(p, "anthropic.claude-3-5-sonnet-20241022-v2:0", 0.003, 0.015);
        put(p, "anthropic.claude-3-7-sonnet-20250219-v1:0", 0.003, 0.015);
        put(p, "anthropic.claude-sonnet-4-20250514-v1:0", 0.003, 0.015);
        put(p, "anthropic.claude-sonnet-4-5-20250929-v1:0", 0.003, 0.015);
        put(p, "anthropic.claude-sonnet-4-6", 0.003, 0.015);
        put(p, "anthropic.claude-3-opus-20240229-v1:0", 0.015, 0.075);
        put(p, "anthropic.claude-opus-4-20250514-v1:0", 0.015, 0.075);
        put(p, "anthropic.claude-opus-4-1-20250805-v1:0", 0.015, 0.075);
        put(p, "anthropic.claude-opus-4-5-20251101-v1:0", 0.005, 0.025);
        put(p, "anthropic.claude-opus-4-6-v1", 0.005, 0.025);
        put(p, "amazon.nova-micro-v1:0", 0.000035, 0.00014);
        put(p, "amazon.nova-lite-v1:0", 0.00006, 0.00024);
        put(p, "amazon.nova-2-lite-v1:0", 0.0003, 0.0025);
        put(p, "amazon.nova-pro-v1:0", 0.0008, 0.0032);
        put(p, "amazon.nova-premier-v1:0", 0.0025, 0.0125);
        put(p, "amazon.titan-text-express-v1", 0.0002, 0.0006);
        put(p, "amazon.titan-text-lite-v1", 0.00015, 0.0002);
        put(p, "amazon.titan-text-premier-v1:0", 0.0005, 0.0015);
        put(p, "meta.llama3-8b-instruct-v1:0", 0.0003, 0.0006);
        put(p, "meta.llama3-70b-instruct-v1:0", 0.00265, 0.0035);
        put(p, "meta.llama3-1-8b-instruct-v1:0", 0.00022, 0.00022);
        put(p, "meta.llama3-1-70b-instruct-v1:0", 0.00072, 0.00072);
        put(p, "meta.llama3-1-405b-instruct-v1:0", 0.0024, 0.0024);
        put(p, "meta.llama3-2-1b-instruct-v1:0", 0.0001, 0.0001);
        put(p, "meta.llama3-2-3b-instruct-v1:0", 0.00015, 0.00015);
        put(p, "meta.llama3-2-11b-instruct-v1:0", 0.00016, 0.00016);
        put(p, "meta.llama3-2-90b-instruct-v1:0", 0.00072, 0.00072);
        put(p, "meta.llama3-3-70b-instruct-v1:0", 0.00072, 0.00072);
        put(p, "meta.llama4-scout-17b-instruct-v1:0", 0.00017, 0.00066);
        put(p, "meta.llama4-maverick-17b-instruct-v1:0", 0.00024, 0.00097);
        put(p, "mistral.mistral-7b-instruct-v0:2", 0.00015, 0.0002);
        put(p, "mistral.mixtral-8x7b-instruct-v0:1", 0.00045, 0.0007);
        put(p, "mistral.mistral-large-2402-v1:0", 0.004, 0.012);
        put(p, "mistral.mistral-small-2402-v1:0", 0.001, 0.003);
        put(p, "mistral.pixtral-large-2502-v1:0", 0.002, 0.006);
        put(p, "deepseek.r1-v1:0", 0.00135, 0.0054);
        put(p, "cohere.command-r-v1:0", 0.0005, 0.0015);
        put(p, "cohere.command-r-plus-v1:0", 0.003, 0.015);
        put(p, "writer.palmyra-x4-v1:0", 0.0025, 0.01);
        put(p, "writer.palmyra-x5-v1:0", 0.0006, 0.006);
        return new PriceBook(p, Map.of());
    }

    private static void put(Map<String, Price> prices, String model, double input, double output) {
        long in = Math.round(input * 1_000_000);
        long out = Math.round(output * 1_000_000);
        // Prompt caching: reads at a tenth of the input price, writes at 1.25 times (Anthropic's published ratio).
        prices.put(model, new Price(in, out, Math.round(in * 0.1), Math.round(in * 1.25)));
    }
}
