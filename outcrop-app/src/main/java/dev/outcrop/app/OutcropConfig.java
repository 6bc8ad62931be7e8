package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outcrop.catalog.CatalogLoader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
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

    /**
     * This configuration with the section of {@code section}'s type replaced, wherever it is in the tree:
     * {@code with(new RoutingConfig(...))} for {@code routing}, {@code with(new LimitsConfig(...))} for
     * {@code server.limits}. One method serves every section, so a new section needs no method of its own; the lists
     * ({@code deployments}, {@code profileConfigurations}) are not sections of one type and are given to the
     * constructor.
     *
     * @throws IllegalArgumentException when no member of the tree, or more than one, has that type
     */
    public OutcropConfig with(Record section) {
        int[] found = {0};
        OutcropConfig replaced = replace(this, section, found);
        if (found[0] != 1) {
            throw new IllegalArgumentException((found[0] == 0 ? "no" : found[0] + "") + " sections of type "
                    + section.getClass().getSimpleName() + " in the configuration (expected: exactly one)");
        }
        return replaced;
    }

    /** A copy of {@code root} with every member of {@code section}'s type, at any depth, replaced by it. */
    private static <R extends Record> R replace(R root, Record section, int[] found) {
        RecordComponent[] components = root.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        boolean changed = false;
        try {
            for (int i = 0; i < components.length; i++) {
                Object value = components[i].getAccessor().invoke(root);
                if (components[i].getType() == section.getClass()) {
                    value = section;
                    found[0]++;
                    changed = true;
                } else if (value instanceof Record member) {
                    Record copy = replace(member, section, found);
                    changed |= copy != member;
                    value = copy;
                }
                values[i] = value;
            }
            if (!changed) {
                return root;
            }
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            @SuppressWarnings("unchecked") // the canonical constructor of root's own class
            R copy = (R) root.getClass().getDeclaredConstructor(types).newInstance(values);
            return copy;
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + root.getClass().getSimpleName(), e);
        }
    }

    /** This configuration with the server's port replaced ({@code --port}). */
    public OutcropConfig withPort(int port) {
        return with(server.withPort(port));
    }

    /** This configuration with the server's host replaced ({@code --host}). */
    public OutcropConfig withHost(String host) {
        return with(server.withHost(host));
    }

    /** This configuration with the data directory replaced ({@code --data-dir}). */
    public OutcropConfig withDataDir(Path dataDir) {
        return with(store.withDataDir(dataDir));
    }

    /** This configuration with the shared database's URL replaced ({@code --store}). */
    public OutcropConfig withStoreUrl(String url) {
        return with(store.withUrl(url));
    }
}
