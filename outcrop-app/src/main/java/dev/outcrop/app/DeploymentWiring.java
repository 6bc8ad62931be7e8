package dev.outcrop.app;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.invoke.Capacity;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.Deployments;
import dev.outcrop.invoke.ModelProvider;
import dev.outcrop.providers.DeploymentTable;
import dev.outcrop.providers.SimulatedDeployments;
import dev.outcrop.providers.Tokenizer;
import dev.outcrop.providers.bedrock.BedrockProvider;
import dev.outcrop.providers.http.UpstreamHttpClient;
import dev.outcrop.providers.openai.OpenAiCompatibleProvider;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Builds the deployment table from the configuration: configured backends first, the simulator for the rest. */
final class DeploymentWiring {
    private DeploymentWiring() {}

    /** The capacity of each deployment: its configuration's, or the simulator's default. */
    static Function<Deployments.Bound, Capacity> capacities(OutcropConfig config) {
        Map<String, Capacity> configured = new HashMap<>();
        for (DeploymentConfig d : config.deployments()) {
            for (String region : d.regions()) {
                configured.put(d.model() + "@" + region, new Capacity(d.maxConcurrency(), d.tokensPerMinute()));
            }
        }
        Capacity simulated = new Capacity(config.simulator().maxConcurrency(), config.simulator().tokensPerMinute());
        return bound -> configured.getOrDefault(bound.deployment().key(), simulated);
    }

    /** The deployments ({@code env} holds their keys); configured backends are called on {@code loops}, whose transport is {@code transport}. */
    static Deployments deployments(OutcropConfig config, Map<String, String> env, Catalog catalog,
                                   ModelProvider simulator, Tokenizer tokenizer, EventLoopGroup loops,
                                   NettyTransport transport) {
        SimulatorConfig sim = config.simulator();
        Deployments fallback = sim.enabled()
                ? new SimulatedDeployments(catalog, simulator, Duration.ofMinutes(5), sim.firstByteTimeout())
                : DeploymentTable.none();
        Map<String, String> keys = new HashMap<>();
        for (DeploymentConfig d : config.deployments()) {
            if (d.apiKeyEnv() != null) {
                keys.put(d.url(), env.get(d.apiKeyEnv()));
            }
        }
        // One provider per continuation setting: it is a property of the server software behind the URL.
        UpstreamHttpClient upstream = new UpstreamHttpClient(loops, Duration.ofSeconds(5), transport.clientChannel());
        ModelProvider openAi = new OpenAiCompatibleProvider(upstream, tokenizer, keys, false);
        ModelProvider openAiContinuing = new OpenAiCompatibleProvider(upstream, tokenizer, keys, true);
        DeploymentTable.Builder table = DeploymentTable.builder(fallback);
        boolean bedrockUsed = !config.bedrock().regions().isEmpty()
                || config.deployments().stream().anyMatch(DeploymentConfig::bedrock);
        BedrockProvider bedrock = bedrockUsed ? BedrockWiring.provider(config.bedrock(), env, upstream) : null;
        // The configuration was validated, against the catalog too (DeploymentCatalogCheck).
        for (DeploymentConfig d : config.deployments()) {
            boolean openAiProvider = d.openAi();
            for (String region : d.regions()) {
                if (d.bedrock()) {
                    table.add(BedrockWiring.deployment(config.bedrock(), catalog, d, region), bedrock);
                    continue;
                }
                Deployment deployment = new Deployment(d.model(), region, d.provider().configName(),
                        openAiProvider ? URI.create(d.url()) : null, d.remoteModel(), d.timeout(),
                        d.firstByteTimeout());
                table.add(deployment, !openAiProvider ? simulator : d.continueFinalMessage() ? openAiContinuing : openAi);
            }
        }
        if (bedrock != null) {
            BedrockWiring.addMapped(table, config.bedrock(), catalog, BedrockWiring.configuredModels(config.deployments()),
                    bedrock);
        }
        return table.build();
    }
}
