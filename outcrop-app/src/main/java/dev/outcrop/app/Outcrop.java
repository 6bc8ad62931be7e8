package dev.outcrop.app;

import static java.util.Objects.requireNonNull;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.CatalogLoader;
import dev.outcrop.cluster.StoreHealth;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.invoke.DeploymentRouter;
import dev.outcrop.invoke.Deployments;
import dev.outcrop.invoke.InvocationService;
import dev.outcrop.invoke.TargetResolver;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.profile.ProfileResolver;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.prompt.PromptResolver;
import dev.outcrop.prompt.PromptService;
import dev.outcrop.providers.Tokenizer;
import dev.outcrop.providers.simulator.SimulatorFaults;
import dev.outcrop.providers.simulator.SimulatorProvider;
import dev.outcrop.providers.simulator.SimulatorSettings;
import dev.outcrop.server.BedrockEndpoint;
import dev.outcrop.server.admin.AdminEndpoint;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.controlplane.AgentTagOperations;
import dev.outcrop.server.controlplane.FoundationModelOperations;
import dev.outcrop.server.controlplane.InferenceProfileOperations;
import dev.outcrop.server.controlplane.PromptOperations;
import dev.outcrop.server.controlplane.PromptRouterOperations;
import dev.outcrop.server.controlplane.TagOperations;
import dev.outcrop.router.PromptRouterService;
import dev.outcrop.store.JdbcRouterStore;
import dev.outcrop.server.http.NettyHttpServer;
import dev.outcrop.app.cloudformation.CloudFormationQueryApi;
import dev.outcrop.app.query.QueryDispatch;
import dev.outcrop.server.edge.Edge;
import dev.outcrop.stacks.StackEngine;
import dev.outcrop.server.edge.PathPrefixService;
import dev.outcrop.server.metrics.Metrics;
import dev.outcrop.server.runtime.ModelCall;
import dev.outcrop.server.runtime.RenderPrompt;
import dev.outcrop.server.runtime.RuntimeOperations;
import dev.outcrop.server.smithy.SmithyModel;
import dev.outcrop.store.Database;
import dev.outcrop.store.Durability;
import dev.outcrop.store.ForwardingLedger;
import dev.outcrop.store.GroupCommit;
import dev.outcrop.store.JdbcCluster;
import dev.outcrop.store.JdbcLedger;
import dev.outcrop.store.JdbcProfileStore;
import dev.outcrop.store.JdbcPromptStore;
import dev.outcrop.tag.TagService;
import dev.outcrop.usage.Ledger;
import dev.outcrop.usage.UsageAccounting;
import dev.outcrop.util.CarrierThreads;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import dev.outcrop.router.RouterDecider;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * A running Outcrop: the composition root that wires the catalog, the store, the services and the
 * server from a configuration. {@link #close()} stops it.
 */
public final class Outcrop implements AutoCloseable {
    private final OutcropConfig config;
    private final Storage storage;
    private final NettyHttpServer server;
    private final SimulatorFaults faults;
    private final Security security;
    private final Ledger ledger;
    private final UsageAccounting accounting;
    private final JdbcCluster cluster;
    private final NettyTransport transport;
    private final EventLoopGroup loops;
    private final java.util.List<String> adminRoutes;

    private Outcrop(OutcropConfig config, Storage storage, NettyHttpServer server, SimulatorFaults faults,
                    Security security, Ledger ledger, UsageAccounting accounting, JdbcCluster cluster,
                    NettyTransport transport, EventLoopGroup loops, java.util.List<String> adminRoutes) {
        this.config = config;
        this.adminRoutes = adminRoutes;
        this.transport = transport;
        this.loops = loops;
        this.storage = storage;
        this.cluster = cluster;
        this.server = server;
        this.faults = faults;
        this.security = security;
        this.ledger = ledger;
        this.accounting = accounting;
    }

    /**
     * Starts Outcrop with a configuration, validated here in {@code env}: the one environment Outcrop reads,
     * for {@code OUTCROP_ROOT_ACCESS_KEY_ID}, {@code OUTCROP_ROOT_SECRET_ACCESS_KEY}, {@code OUTCROP_MASTER_KEY},
     * {@code OUTCROP_STORE_PASSWORD}, {@code OUTCROP_TRANSPORT} and the deployments' {@code apiKeyEnv}.
     */
    public static Outcrop start(OutcropConfig config, Map<String, String> env) throws InterruptedException {
        requireNonNull(config, "config").validate(requireNonNull(env, "env"));
        Path dataDir = prepareDataDir(config.store().dataDir());
        Catalog catalog = CatalogLoader.builtIn();
        SmithyModel model = SmithyModel.bedrock();
        String nodeId = ClusterWiring.newNodeId();
        Storage storage = Storage.open(config.store(), dataDir, env, "outcrop " + nodeId);
        StoreHealth health = new StoreHealth(Clock.systemUTC());
        Ledger ledger = null;
        NettyHttpServer server = null;
        NettyTransport transport = NettyTransport.best(env); // one choice for the listener and the upstream client
        // One set of event loops for the listener's connections and the backends' (see NettyTransport.loops).
        EventLoopGroup loops = transport.loops(config.server().ioThreads());
        try {
            Durability durability = config.usage().ledgerDurability();
            GroupCommit groupCommit = config.usage().groupCommit();
            ledger = storage.shared()
                    ? new ForwardingLedger(Database.sqlite(dataDir, ClusterWiring.SPOOL_FILE), storage.database(), health,
                            durability, groupCommit)
                    : new JdbcLedger(storage.database(), durability, groupCommit);
            JdbcProfileStore store = new JdbcProfileStore(storage.database());
            InferenceProfileService profiles = new InferenceProfileService(catalog, store, Clock.systemUTC(),
                    storage.changes());
            TargetResolver targets = new TargetResolver(catalog, new ProfileResolver(catalog, store, storage.changes()));
            PromptRouterService routers = new PromptRouterService(catalog, targets,
                    new JdbcRouterStore(storage.database()), Clock.systemUTC(), storage.changes());
            JdbcPromptStore promptStore = new JdbcPromptStore(storage.database());
            PromptService prompts = new PromptService(promptStore,
                    (scope, modelId) -> PromptModels.check(targets, routers, scope, modelId), Clock.systemUTC(),
                    storage.changes());
            TagService tags = TagWiring.tags(store, profiles, prompts, routers, storage.changes());
            ProfileConfigurations configurations = new ProfileConfigurations(profiles, store, Clock.systemUTC(),
                    storage.changes());
            ProfileConfigFile.apply(config.profileConfigurations(), config, profiles, configurations);
            RouterConfigApi.apply(config.promptRouters(), routers);
            Security security = Security.start(config, storage, dataDir, env);
            AccessControl access = security.access();
            SimulatorConfig sim = config.simulator();
            SimulatorFaults faults = new SimulatorFaults(Clock.systemUTC());
            Tokenizer tokenizer = new Tokenizer();
            SimulatorProvider simulator = new SimulatorProvider(new SimulatorSettings(sim.seed(),
                    sim.timeToFirstToken(), sim.tokensPerSecond(), 4096), faults, tokenizer);
            Deployments deployments = DeploymentWiring.deployments(config, env, catalog, simulator, tokenizer, loops, transport);
            DeploymentRouter router = new DeploymentRouter(deployments, DeploymentWiring.capacities(config),
                    config.routing().policy(), System::nanoTime, RandomGenerator.getDefault());
            InvocationService invocations = new InvocationService(targets, router, tokenizer);
            Metrics metrics = new Metrics(router::statuses);
            metrics.ledgerBacklog(ledger::backlog);
            metrics.ledgerCommits(ledger::commits);
            UsageWiring.Accounting usage = UsageWiring.accounting(config, ledger, metrics,
                    storage.shared() ? new UsageWiring.Shared(storage.database(), health, nodeId) : null);
            UsageAccounting accounting = usage.accounting();

            BedrockEndpoint.Builder endpoint = BedrockEndpoint.builder(model)
                    .partition(config.account().partitionName())
                    .accountId(config.account().id())
                    .defaultRegion(config.account().defaultRegion());
            new InferenceProfileOperations(profiles, tags, access).register(endpoint);
            new TagOperations(tags, access).register(endpoint);
            new PromptRouterOperations(routers, tags, access).register(endpoint);
            new PromptOperations(prompts, tags, access).register(endpoint);
            new AgentTagOperations(tags, access).register(endpoint);
            new FoundationModelOperations(catalog, access).register(endpoint);
            ModelCall.Routing promptRouting = new ModelCall.Routing(routers, new RouterDecider(RouterWiring.predictor(env),
                    UsageWiring.prices(config.usage())), catalog, config.promptRouters().decisionHeader().policy());
            new RuntimeOperations(new ModelCall(invocations, access, tags, accounting, configurations,
                    ModelCall.Features.NONE.withRouting(promptRouting).withRenderPrompt(new RenderPrompt(
                            new PromptResolver(promptStore, storage.changes()), access, tags, model))), catalog).register(endpoint);

            Workloads workloads = new Workloads(security.identity(), profiles, targets, config);
            AdminEndpoint admin = AdminApi.endpoint(new AdminEndpoint(access,
                    config.account().defaultRegion()), router, faults, security.identity(), workloads,
                    config.account().partitionName(), config.account().id());
            UsageApi.register(admin, ledger, accounting, UsageWiring.prices(config.usage()));
            RouterConfigApi.register(admin, routers, config);
            ProfileConfigApi.register(admin, configurations, config);
            admin.route("GET", "metrics", "outcrop:GetMetrics", (labels, request, caller) -> new AdminEndpoint.Raw(
                    "text/plain; version=0.0.4; charset=utf-8", metrics.render().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            ClusterWiring.Node node = new ClusterWiring.Node(nodeId, storage, health, ledger);
            ClusterWiring.register(admin, node);
            StackEngine stackEngine = StackWiring.engine(storage.database(), model, profiles, tags, security.identity(),
                    configurations, prompts);
            var stackAuthorities = new dev.outcrop.app.cloudformation.StackAuthorities(access,
                    security.identity(), config.account().partitionName());
            StackAdminApi.register(admin, stackEngine, stackAuthorities, config);
            CloudFormationQueryApi cloudFormation = new CloudFormationQueryApi(stackEngine, access, stackAuthorities,
                    config.account().partitionName(),
                    config.account().id(), config.account().defaultRegion());
            server = NettyHttpServer.start(config.server().host(), config.server().port(), loops,
                    Edge.standard(security.authenticator(),
                            new PathPrefixService(AdminEndpoint.PREFIX, admin, new QueryDispatch(
                                    dev.outcrop.app.sts.StsQueryApi.SIGNING_SERVICE, new dev.outcrop.app.sts.StsQueryApi(
                                            security.identity(), access, config.account().partitionName(),
                                            config.account().id()), new QueryDispatch(
                                    CloudFormationQueryApi.SIGNING_SERVICE, cloudFormation, endpoint.build())))),
                            transport.serverChannel(),
                    config.server().callsOnEventLoops(), config.server().limits().serverLimits());
            JdbcCluster cluster = ClusterWiring.join(node, config, server.port(), usage);
            return new Outcrop(config, storage, server, faults, security, ledger, accounting, cluster, transport, loops,
                    admin.routes());
        } catch (InterruptedException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (ledger != null) {
                ledger.close();
            }
            storage.close();
            throw e;
        }
    }

    /**
     * Creates the data directory readable by its owner only (it holds the database and, later, secrets).
     * An existing directory is narrowed to the owner too.
     */
    static Path prepareDataDir(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the data directory " + dir, e);
        }
        return dir;
    }

    /** Every resource of the admin API, as {@code METHOD /_outcrop/path} (docs/admin-api.md lists each one). */
    public java.util.List<String> adminRoutes() {
        return adminRoutes;
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** The bytes of request bodies the server buffers now (under {@code server.limits}). */
    public long bufferedBodyBytes() {
        return server.bufferedBodyBytes();
    }

    /** The base URL of the server. */
    public String url() {
        return url(config, port());
    }

    private static String url(OutcropConfig config, int port) {
        String host = config.server().host();
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port;
    }

    /** This node's id in the cluster. */
    public String nodeId() {
        return cluster.nodeId();
    }

    /** Principals, credentials and policies. */
    public IdentityService identity() {
        return security.identity();
    }

    /** Where the generated root credentials are, or null when they came from the environment. */
    public Path rootCredentialsFile() {
        return security.rootCredentialsFile();
    }

    /** Whether authentication is off (anonymous development mode). */
    public boolean anonymous() {
        return security.anonymous();
    }

    /** The faults injected into simulated deployments, by region. */
    public SimulatorFaults simulatorFaults() {
        return faults;
    }

    /** The network transport it serves and calls backends with: {@code epoll} or {@code nio}. */
    public String networkTransport() {
        return transport.name();
    }

    /**
     * Where requests run, in words: on the event loops, or on the JDK's scheduler (asked for, or because this
     * JVM does not allow the event loops to run virtual threads, which then says what it lacks).
     */
    public String callThreads() {
        if (server.callsOnEventLoops()) {
            return "requests on the event loops";
        }
        return config.server().callsOnEventLoops()
                ? "requests on the JDK's scheduler: running them on the event loops needs JDK 24+ and "
                        + CarrierThreads.REQUIRED_OPTION + ", which ./outcrop passes"
                : "requests on the JDK's scheduler";
    }

    /** The configuration it runs with. */
    public OutcropConfig config() {
        return config;
    }

    /** The usage ledger. */
    public Ledger ledger() {
        return ledger;
    }

    /** Stops serving, leaves the cluster, spools or delivers what the ledger holds, and closes the store. */
    @Override
    public void close() {
        try {
            server.close();
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        } finally {
            try {
                cluster.close();
            } finally {
                try {
                    ledger.close();
                } finally {
                    storage.close();
                }
            }
        }
    }
}
