package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outcrop.catalog.CatalogLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Outcrop's configuration: a typed tree read from YAML ({@code --config}), every member optional with the
 * zero-configuration default. Each section is a record of its own that holds its options' defaults
 * ({@link ConfigOption}) and checks its values; {@link #validate} reports every bad value of every section at once.
 *
 * @param server where to listen
 * @param account the identity Outcrop answers as
 * @param store where state lives
 * @param simulator how the built-in simulated models behave
 * @param deployments models served by real backends, by region (every other model and region is simulated)
 * @param bedrock Amazon Bedrock behind Outcrop: its credentials, endpoints, and the catalog mapped to it
 * @param routing how calls are spread over regions and fail over
 * @param auth how callers are authenticated
 * @param usage prices, budgets and quotas
 * @param profileConfigurations the inference configuration of application profiles, written onto them at start
 * @param promptRouters the decision header and the cascading routers
 */
public record OutcropConfig(ServerConfig server, AccountConfig account, StoreConfig store, SimulatorConfig simulator,
                            List<DeploymentConfig> deployments, BedrockConfig bedrock, RoutingConfig routing,
                            AuthConfig auth, UsageConfig usage, List<ProfileConfigEntry> profileConfigurations,
                            PromptRoutersConfig promptRouters) {
    /** Every section of the file, in the order docs/configuration.md lists them. */
    static final List<ConfigSection> SECTIONS = List.of(ServerConfig.SECTION, LimitsConfig.SECTION,
            AccountConfig.SECTION, StoreConfig.SECTION, AuthConfig.SECTION, SimulatorConfig.SECTION,
            DeploymentConfig.SECTION, BedrockConfig.SECTION, RoutingConfig.SECTION, UsageConfig.SECTION,
            PriceConfig.SECTION, BudgetConfig.SECTION, QuotaConfig.SECTION, ProfileConfigEntry.SECTION,
            PromptRoutersConfig.SECTION);

    /** Fills absent sections with their defaults. */
    @JsonCreator
    public OutcropConfig(@JsonProperty("server") ServerConfig server, @JsonProperty("account") AccountConfig account,
                         @JsonProperty("store") StoreConfig store, @JsonProperty("simulator") SimulatorConfig simulator,
                         @JsonProperty("deployments") List<DeploymentConfig> deployments,
                         @JsonProperty("bedrock") BedrockConfig bedrock,
                         @JsonProperty("routing") RoutingConfig routing, @JsonProperty("auth") AuthConfig auth,
                         @JsonProperty("usage") UsageConfig usage,
                         @JsonProperty("profileConfigurations") List<ProfileConfigEntry> profileConfigurations,
                         @JsonProperty("promptRouters") PromptRoutersConfig promptRouters) {
        this.server = server != null ? server : ServerConfig.DEFAULT;
        this.account = account != null ? account : AccountConfig.DEFAULT;
        this.store = store != null ? store : StoreConfig.DEFAULT;
        this.simulator = simulator != null ? simulator : SimulatorConfig.DEFAULT;
        this.deployments = deployments != null ? List.copyOf(deployments) : List.of();
        this.bedrock = bedrock != null ? bedrock : BedrockConfig.DEFAULT;
        this.routing = routing != null ? routing : RoutingConfig.DEFAULT;
        this.auth = auth != null ? auth : AuthConfig.DEFAULT;
        this.usage = usage != null ? usage : UsageConfig.DEFAULT;
        this.profileConfigurations = profileConfigurations != null ? List.copyOf(profileConfigurations) : List.of();
        this.promptRouters = promptRouters != null ? promptRouters : PromptRoutersConfig.DEFAULT;
    }

    /** The configuration with every default. */
    public static OutcropConfig defaults() {
        return new OutcropConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Checks every value of every section; {@code env} is the environment Outcrop runs in (a deployment's
     * {@code apiKeyEnv} must be set in it).
     *
     * @throws ConfigException listing each bad value with its path
     */
    public OutcropConfig validate(Map<String, String> env) {
        List<String> errors = new ArrayList<>();
        server.validate(errors);
        account.validate(errors);
        store.validate(errors);
        simulator.validate(errors);
        usage.validate(errors);
        routing.validate(errors);
        promptRouters.validate(errors);
        bedrock.validate(env, errors);
        for (int i = 0; i < deployments.size(); i++) {
            deployments.get(i).validate(i, env, errors);
        }
        if (!deployments.isEmpty()) {
            errors.addAll(DeploymentCatalogCheck.errors(deployments, CatalogLoader.builtIn()));
        }
        for (int i = 0; i < profileConfigurations.size(); i++) {
            profileConfigurations.get(i).validate(i, errors);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return this;
    }

    /** This configuration with other server settings. */
    public OutcropConfig withServer(ServerConfig newServer) {
        return new OutcropConfig(newServer, account, store, simulator, deployments, bedrock, routing, auth, usage,
                profileConfigurations, promptRouters);
    }

    /** This configuration with other store settings. */
    public OutcropConfig withStore(StoreConfig newStore) {
        return new OutcropConfig(server, account, newStore, simulator, deployments, bedrock, routing, auth, usage,
                profileConfigurations, promptRouters);
    }

    /** This configuration with other simulator settings. */
    public OutcropConfig withSimulator(SimulatorConfig newSimulator) {
        return new OutcropConfig(server, account, store, newSimulator, deployments, bedrock, routing, auth, usage,
                profileConfigurations, promptRouters);
    }

    /** This configuration with other Bedrock settings. */
    public OutcropConfig withBedrock(BedrockConfig newBedrock) {
        return new OutcropConfig(server, account, store, simulator, deployments, newBedrock, routing, auth, usage,
                profileConfigurations, promptRouters);
    }

    /** This configuration with other deployments. */
    public OutcropConfig withDeployments(List<DeploymentConfig> newDeployments) {
        return new OutcropConfig(server, account, store, simulator, newDeployments, bedrock, routing, auth, usage,
                profileConfigurations, promptRouters);
    }

    /** This configuration with other routing settings. */
    public OutcropConfig withRouting(RoutingConfig newRouting) {
        return new OutcropConfig(server, account, store, simulator, deployments, bedrock, newRouting, auth, usage,
                profileConfigurations, promptRouters);
    }

    /** This configuration with another authentication mode. */
    public OutcropConfig withAuth(AuthConfig newAuth) {
        return new OutcropConfig(server, account, store, simulator, deployments, bedrock, routing, newAuth, usage,
                profileConfigurations, promptRouters);
    }

    /** This configuration with other usage settings. */
    public OutcropConfig withUsage(UsageConfig newUsage) {
        return new OutcropConfig(server, account, store, simulator, deployments, bedrock, routing, auth, newUsage,
                profileConfigurations, promptRouters);
    }

    /** This configuration with the server's port replaced ({@code --port}). */
    public OutcropConfig withPort(int port) {
        return withServer(server.withPort(port));
    }

    /** This configuration with the server's host replaced ({@code --host}). */
    public OutcropConfig withHost(String host) {
        return withServer(server.withHost(host));
    }

    /** This configuration with the server's limits replaced. */
    public OutcropConfig withLimits(LimitsConfig limits) {
        return withServer(server.withLimits(limits));
    }

    /** This configuration with the data directory replaced ({@code --data-dir}). */
    public OutcropConfig withDataDir(Path dataDir) {
        return withStore(store.withDataDir(dataDir));
    }

    /** This configuration with the shared database's URL replaced ({@code --store}). */
    public OutcropConfig withStoreUrl(String url) {
        return withStore(store.withUrl(url));
    }
}
