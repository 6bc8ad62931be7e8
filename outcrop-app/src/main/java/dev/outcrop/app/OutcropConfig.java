package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outcrop.store.Durability;
import dev.outcrop.store.GroupCommit;
import dev.outcrop.server.http.ServerLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Outcrop's configuration: a typed tree read from YAML ({@code --config}), every member optional with
 * the zero-configuration default. {@link #validate()} reports every bad value with its path.
 *
 * @param server where to listen
 * @param account the identity Outcrop answers as
 * @param store where state lives
 * @param simulator how the built-in simulated models behave
 * @param deployments models served by real backends, by region (every other model and region is simulated)
 * @param routing how calls are spread over regions and fail over
 * @param auth how callers are authenticated
 * @param usage prices, budgets and quotas
 */
public record OutcropConfig(Server server, Account account, Store store, Simulator simulator,
                            List<DeploymentConfig> deployments, Routing routing, Auth auth, Usage usage) {
    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d+$");
    private static final Pattern ACCOUNT_ID = Pattern.compile("^\\d{12}$");

    /** Fills absent sections with their defaults. */
    @JsonCreator
    public OutcropConfig(@JsonProperty("server") Server server, @JsonProperty("account") Account account,
                         @JsonProperty("store") Store store, @JsonProperty("simulator") Simulator simulator,
                         @JsonProperty("deployments") List<DeploymentConfig> deployments,
                         @JsonProperty("routing") Routing routing, @JsonProperty("auth") Auth auth,
                         @JsonProperty("usage") Usage usage) {
        this.server = server != null ? server : Server.DEFAULT;
        this.account = account != null ? account : Account.DEFAULT;
        this.store = store != null ? store : Store.DEFAULT;
        this.simulator = simulator != null ? simulator : Simulator.DEFAULT;
        this.deployments = deployments != null ? List.copyOf(deployments) : List.of();
        this.routing = routing != null ? routing : Routing.DEFAULT;
        this.auth = auth != null ? auth : Auth.DEFAULT;
        this.usage = usage != null ? usage : Usage.DEFAULT;
    }

    /**
     * Usage and cost.
     *
     * @param prices price overrides, USD per 1,000 tokens
     * @param budgets spending limits
     * @param quotas rate limits
     * @param durability when a call's usage record counts as kept, before its answer: {@code disk} (default:
     *        synced to disk, it survives a power cut) or {@code os} (written to the operating system, it
     *        survives Outcrop being killed, not a power cut or a kernel crash; no disk sync on the answer path)
     * @param commitDelayMicros how long the ledger's writer waits for more records before a commit once
     *        {@code commitDelayMinBatch} were waiting (0: never), so that one sync serves them all
     * @param commitDelayMinBatch records waiting at a commit that make it wait {@code commitDelayMicros}
     */
    public record Usage(List<PriceConfig> prices, List<BudgetConfig> budgets, List<QuotaConfig> quotas,
                        String durability, Integer commitDelayMicros, Integer commitDelayMinBatch) {
        static final Usage DEFAULT = new Usage(null, null, null, null, null, null);

        /** Fills absent members with their defaults. */
        @JsonCreator
        public Usage(@JsonProperty("prices") List<PriceConfig> prices, @JsonProperty("budgets") List<BudgetConfig> budgets,
                     @JsonProperty("quotas") List<QuotaConfig> quotas, @JsonProperty("durability") String durability,
                     @JsonProperty("commitDelayMicros") Integer commitDelayMicros,
                     @JsonProperty("commitDelayMinBatch") Integer commitDelayMinBatch) {
            this.prices = prices != null ? List.copyOf(prices) : List.of();
            this.budgets = budgets != null ? List.copyOf(budgets) : List.of();
            this.quotas = quotas != null ? List.copyOf(quotas) : List.of();
            this.durability = durability != null ? durability : "disk";
            this.commitDelayMicros = commitDelayMicros != null ? commitDelayMicros
                    : (int) (GroupCommit.DEFAULT.delay().toNanos() / 1000);
            this.commitDelayMinBatch = commitDelayMinBatch != null ? commitDelayMinBatch : GroupCommit.DEFAULT.minBatch();
        }

        /** The ledger's group commit (members checked by {@link OutcropConfig#validate}). */
        public GroupCommit groupCommit() {
            return new GroupCommit(Duration.ofNanos(commitDelayMicros * 1000L), commitDelayMinBatch);
        }

        /** The ledger's durability ({@link #durability()} checked by {@link OutcropConfig#validate}). */
        public Durability ledgerDurability() {
            return durability.equals("os") ? Durability.OS : Durability.DISK;
        }
    }

    /**
     * A price override for a model, in every region or in one.
     *
     * @param model the foundation-model id
     * @param region the region, or null for every region
     * @param input USD per 1,000 input tokens
     * @param output USD per 1,000 output tokens
     * @param cacheRead USD per 1,000 cache-read tokens (default: a tenth of input)
     * @param cacheWrite USD per 1,000 cache-write tokens (default: 1.25 times input)
     */
    public record PriceConfig(String model, String region, Double input, Double output, Double cacheRead,
                              Double cacheWrite) {
        /** Binds the members. */
        @JsonCreator
        public PriceConfig(@JsonProperty("model") String model, @JsonProperty("region") String region,
                           @JsonProperty("input") Double input, @JsonProperty("output") Double output,
                           @JsonProperty("cacheRead") Double cacheRead, @JsonProperty("cacheWrite") Double cacheWrite) {
            this.model = model;
            this.region = region;
            this.input = input;
            this.output = output;
            this.cacheRead = cacheRead;
            this.cacheWrite = cacheWrite;
        }
    }

    /**
     * A budget.
     *
     * @param name its name
     * @param scope {@code tag:KEY=VALUE}, {@code profile:ARN} or {@code principal:NAME}
     * @param period {@code daily} or {@code monthly} (UTC)
     * @param limitUsd the limit in US dollars
     * @param thresholds fractions of the limit at which to notify (default 0.5, 0.8, 1.0)
     * @param webhook where notifications are POSTed as JSON, or null
     */
    public record BudgetConfig(String name, String scope, String period, Double limitUsd, List<Double> thresholds,
                               String webhook) {
        /** Binds the members. */
        @JsonCreator
        public BudgetConfig(@JsonProperty("name") String name, @JsonProperty("scope") String scope,
                            @JsonProperty("period") String period, @JsonProperty("limitUsd") Double limitUsd,
                            @JsonProperty("thresholds") List<Double> thresholds, @JsonProperty("webhook") String webhook) {
            this.name = name;
            this.scope = scope;
            this.period = period != null ? period : "monthly";
            this.limitUsd = limitUsd;
            this.thresholds = thresholds != null ? List.copyOf(thresholds) : List.of(0.5, 0.8, 1.0);
            this.webhook = webhook;
        }
    }

    /**
     * A quota.
     *
     * @param name its name
     * @param scope {@code profile:ARN} or {@code principal:NAME} (or {@code tag:KEY=VALUE})
     * @param requestsPerMinute 0 or absent for no request limit
     * @param tokensPerMinute 0 or absent for no token limit
     */
    public record QuotaConfig(String name, String scope, Long requestsPerMinute, Long tokensPerMinute) {
        /** Binds the members. */
        @JsonCreator
        public QuotaConfig(@JsonProperty("name") String name, @JsonProperty("scope") String scope,
                           @JsonProperty("requestsPerMinute") Long requestsPerMinute,
                           @JsonProperty("tokensPerMinute") Long tokensPerMinute) {
            this.name = name;
            this.scope = scope;
            this.requestsPerMinute = requestsPerMinute != null ? requestsPerMinute : 0L;
            this.tokensPerMinute = tokensPerMinute != null ? tokensPerMinute : 0L;
        }
    }

    /** This configuration with other usage settings. */
    public OutcropConfig withUsage(Usage newUsage) {
        return new OutcropConfig(server, account, store, simulator, deployments, routing, auth, newUsage);
    }

    /**
     * Authentication.
     *
     * @param mode {@code sigv4} (default: SigV4 or a Bedrock API key on every request) or {@code none}
     *        (anonymous, for local development only; {@code --dev})
     */
    public record Auth(String mode) {
        static final Auth DEFAULT = new Auth(null);

        /** Fills absent members with their defaults. */
        @JsonCreator
        public Auth(@JsonProperty("mode") String mode) {
            this.mode = mode != null ? mode : "sigv4";
        }
    }

    /** This configuration with another authentication mode. */
    public OutcropConfig withAuth(Auth newAuth) {
        return new OutcropConfig(server, account, store, simulator, deployments, routing, newAuth, usage);
    }

    /**
     * Routing and failover.
     *
     * @param maxAttempts deployments one call may try (default 3)
     * @param deadlineMs the longest a call may spend finding a deployment that starts answering (default 60000)
     * @param failureThreshold consecutive failures that eject a deployment (default 5)
     * @param ejectionMs how long an ejected deployment stays out before a probe (default 10000)
     * @param throttleBackoffMs how long a deployment that answered 429 gets no traffic; doubles while it keeps
     *        throttling (default 1000)
     * @param maxThrottleBackoffMs the longest throttle backoff (default 30000)
     */
    public record Routing(Integer maxAttempts, Integer deadlineMs, Integer failureThreshold, Integer ejectionMs,
                          Integer throttleBackoffMs, Integer maxThrottleBackoffMs) {
        static final Routing DEFAULT = new Routing(null, null, null, null, null, null);

        /** Fills absent members with their defaults. */
        @JsonCreator
        public Routing(@JsonProperty("maxAttempts") Integer maxAttempts, @JsonProperty("deadlineMs") Integer deadlineMs,
                       @JsonProperty("failureThreshold") Integer failureThreshold,
                       @JsonProperty("ejectionMs") Integer ejectionMs,
                       @JsonProperty("throttleBackoffMs") Integer throttleBackoffMs,
                       @JsonProperty("maxThrottleBackoffMs") Integer maxThrottleBackoffMs) {
            this.maxAttempts = maxAttempts != null ? maxAttempts : 3;
            this.deadlineMs = deadlineMs != null ? deadlineMs : 60_000;
            this.failureThreshold = failureThreshold != null ? failureThreshold : 5;
            this.ejectionMs = ejectionMs != null ? ejectionMs : 10_000;
            this.throttleBackoffMs = throttleBackoffMs != null ? throttleBackoffMs : 1_000;
            this.maxThrottleBackoffMs = maxThrottleBackoffMs != null ? maxThrottleBackoffMs : 30_000;
        }
    }

    /** This configuration with other routing settings. */
    public OutcropConfig withRouting(Routing newRouting) {
        return new OutcropConfig(server, account, store, simulator, deployments, newRouting, auth, usage);
    }

    /** The configuration with every default. */
    public static OutcropConfig defaults() {
        return new OutcropConfig(null, null, null, null, null, null, null, null);
    }

    /**
     * A model served by a real backend in one or more regions.
     *
     * @param model the catalog's foundation-model id, e.g. {@code meta.llama3-1-8b-instruct-v1:0}
     * @param regions the regions this backend serves the model in
     * @param provider {@code openai} (any OpenAI-compatible chat completions server) or {@code simulator}
     * @param url the API base URL, e.g. {@code http://127.0.0.1:8000/v1}
     * @param remoteModel the model's name on the backend (default: the Bedrock model id)
     * @param apiKeyEnv the environment variable holding the backend's bearer key, if it needs one
     * @param timeoutMs the longest a call may take in all (default 300000)
     * @param firstByteTimeoutMs the longest to wait for the first token (default 30000)
     * @param continueFinalMessage whether the server continues a trailing assistant message (vLLM: true)
     * @param maxConcurrency the most calls in flight at once in each region (default 0: no limit)
     * @param tokensPerMinute the most tokens a minute in each region (default 0: no limit)
     */
    public record DeploymentConfig(String model, List<String> regions, String provider, String url, String remoteModel,
                                   String apiKeyEnv, Integer timeoutMs, Integer firstByteTimeoutMs,
                                   Boolean continueFinalMessage, Integer maxConcurrency, Long tokensPerMinute) {
        /** Fills absent members with their defaults. */
        @JsonCreator
        public DeploymentConfig(@JsonProperty("model") String model, @JsonProperty("regions") List<String> regions,
                                @JsonProperty("provider") String provider, @JsonProperty("url") String url,
                                @JsonProperty("remoteModel") String remoteModel, @JsonProperty("apiKeyEnv") String apiKeyEnv,
                                @JsonProperty("timeoutMs") Integer timeoutMs,
                                @JsonProperty("firstByteTimeoutMs") Integer firstByteTimeoutMs,
                                @JsonProperty("continueFinalMessage") Boolean continueFinalMessage,
                                @JsonProperty("maxConcurrency") Integer maxConcurrency,
                                @JsonProperty("tokensPerMinute") Long tokensPerMinute) {
            this.model = model;
            this.regions = regions != null ? List.copyOf(regions) : List.of();
            this.provider = provider != null ? provider : "openai";
            this.url = url;
            this.remoteModel = remoteModel != null ? remoteModel : model;
            this.apiKeyEnv = apiKeyEnv;
            this.timeoutMs = timeoutMs != null ? timeoutMs : 300_000;
            this.firstByteTimeoutMs = firstByteTimeoutMs != null ? firstByteTimeoutMs : 30_000;
            this.continueFinalMessage = continueFinalMessage != null ? continueFinalMessage : false;
            this.maxConcurrency = maxConcurrency != null ? maxConcurrency : 0;
            this.tokensPerMinute = tokensPerMinute != null ? tokensPerMinute : 0L;
        }
    }

    /**
     * The built-in simulated models.
     *
     * @param enabled whether the simulator serves every model and region no deployment names (default true)
     * @param seed answers are deterministic for a seed (default 42)
     * @param timeToFirstTokenMs delay before the first token (default 100)
     * @param tokensPerSecond generation pace, 0 for no delay (default 200)
     * @param firstByteTimeoutMs how long a deployment may take to start answering (default 10000)
     * @param maxConcurrency each simulated deployment's concurrency limit (default 0: no limit)
     * @param tokensPerMinute each simulated deployment's tokens-per-minute limit (default 0: no limit)
     */
    public record Simulator(Boolean enabled, Long seed, Integer timeToFirstTokenMs, Integer tokensPerSecond,
                            Integer firstByteTimeoutMs, Integer maxConcurrency, Long tokensPerMinute) {
        static final Simulator DEFAULT = new Simulator(null, null, null, null, null, null, null);

        /** The simulator with these pace settings and no capacity limit. */
        public Simulator(Boolean enabled, Long seed, Integer timeToFirstTokenMs, Integer tokensPerSecond,
                         Integer firstByteTimeoutMs) {
            this(enabled, seed, timeToFirstTokenMs, tokensPerSecond, firstByteTimeoutMs, null, null);
        }

        /** Fills absent members with their defaults. */
        @JsonCreator
        public Simulator(@JsonProperty("enabled") Boolean enabled, @JsonProperty("seed") Long seed,
                         @JsonProperty("timeToFirstTokenMs") Integer timeToFirstTokenMs,
                         @JsonProperty("tokensPerSecond") Integer tokensPerSecond,
                         @JsonProperty("firstByteTimeoutMs") Integer firstByteTimeoutMs,
                         @JsonProperty("maxConcurrency") Integer maxConcurrency,
                         @JsonProperty("tokensPerMinute") Long tokensPerMinute) {
            this.enabled = enabled != null ? enabled : true;
            this.maxConcurrency = maxConcurrency != null ? maxConcurrency : 0;
            this.tokensPerMinute = tokensPerMinute != null ? tokensPerMinute : 0L;
            this.seed = seed != null ? seed : 42L;
            this.timeToFirstTokenMs = timeToFirstTokenMs != null ? timeToFirstTokenMs : 100;
            this.tokensPerSecond = tokensPerSecond != null ? tokensPerSecond : 200;
            this.firstByteTimeoutMs = firstByteTimeoutMs != null ? firstByteTimeoutMs : 10_000;
        }
    }

    /** This configuration with other simulator settings. */
    public OutcropConfig withSimulator(Simulator newSimulator) {
        return new OutcropConfig(server, account, store, newSimulator, deployments, routing, auth, usage);
    }

    /**
     * Where to listen.
     *
     * @param host the interface to bind (default {@code 127.0.0.1}: loopback only)
     * @param port the port (default 8080; 0 picks a free one)
     * @param ioThreads event-loop threads, serving both callers' connections and those to model backends
     *        (default 0: one per core)
     * @param callThreads where a request's virtual thread runs: {@code eventLoops} (the default: on its
     *        connection's event loop, where the JVM allows it) or {@code shared} (the JDK's scheduler)
     * @param limits what a client may hold of the server: buffered bodies, deadlines, HTTP/2 streams
     */
    public record Server(String host, Integer port, Integer ioThreads, String callThreads, Limits limits) {
        static final Server DEFAULT = new Server(null, null, null, null, null);
        static final String CALLS_ON_EVENT_LOOPS = "eventLoops";
        static final String CALLS_ON_SHARED_SCHEDULER = "shared";

        /** Fills absent members with their defaults. */
        @JsonCreator
        public Server(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
                      @JsonProperty("ioThreads") Integer ioThreads, @JsonProperty("callThreads") String callThreads,
                      @JsonProperty("limits") Limits limits) {
            this.host = host != null ? host : "127.0.0.1";
            this.limits = limits != null ? limits : Limits.DEFAULT;
            this.port = port != null ? port : 8080;
            this.ioThreads = ioThreads != null ? ioThreads : 0;
            this.callThreads = callThreads != null ? callThreads : CALLS_ON_EVENT_LOOPS;
        }

        /** Whether requests are to run on their connections' event loops. */
        public boolean callsOnEventLoops() {
            return CALLS_ON_EVENT_LOOPS.equals(callThreads);
        }
    }

    /**
     * What one client may hold of the server before it is authenticated or while it is slow (docs/security.md).
     *
     * @param maxConcurrentStreams the HTTP/2 streams a connection may have open at once (default 128)
     * @param maxBufferedBytes the bytes of request bodies the whole server buffers at once (default 0: a quarter
     *        of the maximum heap); a request over it is refused with 503 ServiceUnavailableException
     * @param maxConnectionBufferedBytes the bytes of request bodies one connection buffers (default 54525952: two
     *        of the largest bodies)
     * @param headerTimeoutMs how long an HTTP/1.1 request head may take from its first byte (default 10000)
     * @param bodyTimeoutMs how long a request body may take from the end of its head (default 120000)
     */
    public record Limits(int maxConcurrentStreams, long maxBufferedBytes, long maxConnectionBufferedBytes,
                         long headerTimeoutMs, long bodyTimeoutMs) {
        static final Limits DEFAULT = new Limits(null, null, null, null, null);

        /** Fills absent members with their defaults. */
        @JsonCreator
        public Limits(@JsonProperty("maxConcurrentStreams") Integer maxConcurrentStreams,
                      @JsonProperty("maxBufferedBytes") Long maxBufferedBytes,
                      @JsonProperty("maxConnectionBufferedBytes") Long maxConnectionBufferedBytes,
                      @JsonProperty("headerTimeoutMs") Long headerTimeoutMs,
                      @JsonProperty("bodyTimeoutMs") Long bodyTimeoutMs) {
            this(maxConcurrentStreams != null ? maxConcurrentStreams : ServerLimits.DEFAULT_MAX_CONCURRENT_STREAMS,
                    maxBufferedBytes != null ? maxBufferedBytes : 0,
                    maxConnectionBufferedBytes != null ? maxConnectionBufferedBytes
                            : ServerLimits.DEFAULT_MAX_CONNECTION_BUFFERED_BYTES,
                    headerTimeoutMs != null ? headerTimeoutMs : ServerLimits.DEFAULT_HEADER_TIMEOUT.toMillis(),
                    bodyTimeoutMs != null ? bodyTimeoutMs : ServerLimits.DEFAULT_BODY_TIMEOUT.toMillis());
        }

        /** The transport's limits; a server-wide buffer of 0 becomes a quarter of the maximum heap. */
        public ServerLimits serverLimits() {
            return new ServerLimits(maxConcurrentStreams,
                    maxBufferedBytes == 0 ? ServerLimits.defaultMaxBufferedBytes() : maxBufferedBytes,
                    maxConnectionBufferedBytes, Duration.ofMillis(headerTimeoutMs), Duration.ofMillis(bodyTimeoutMs));
        }

        private void validate(List<String> errors) {
            if (maxConcurrentStreams < 1 || maxConcurrentStreams > 100_000) {
                errors.add("server.limits.maxConcurrentStreams: " + maxConcurrentStreams + " (expected: 1..100000)");
            }
            if (maxBufferedBytes < 0) {
                errors.add("server.limits.maxBufferedBytes: " + maxBufferedBytes
                        + " (expected: a number of bytes, or 0 for a quarter of the maximum heap)");
            }
            if (maxConnectionBufferedBytes < 1) {
                errors.add("server.limits.maxConnectionBufferedBytes: " + maxConnectionBufferedBytes
                        + " (expected: a positive number of bytes)");
            }
            if (headerTimeoutMs < 1) {
                errors.add("server.limits.headerTimeoutMs: " + headerTimeoutMs + " (expected: a positive number of ms)");
            }
            if (bodyTimeoutMs < 1) {
                errors.add("server.limits.bodyTimeoutMs: " + bodyTimeoutMs + " (expected: a positive number of ms)");
            }
        }
    }

    /**
     * The identity in the ARNs Outcrop issues.
     *
     * @param id the 12-digit account id (default {@code 123456789012})
     * @param partition the ARN partition (default {@code aws})
     * @param defaultRegion the region of requests that name none (default {@code us-east-1})
     */
    public record Account(String id, String partition, String defaultRegion) {
        static final Account DEFAULT = new Account(null, null, null);

        /** Fills absent members with their defaults. */
        @JsonCreator
        public Account(@JsonProperty("id") String id, @JsonProperty("partition") String partition,
                       @JsonProperty("defaultRegion") String defaultRegion) {
            this.id = id != null ? id : "123456789012";
            this.partition = partition != null ? partition : "aws";
            this.defaultRegion = defaultRegion != null ? defaultRegion : "us-east-1";
        }
    }

    /**
     * Where state lives.
     *
     * @param dataDir this node's own directory: the embedded SQLite database when there is no {@code url}, and
     *                with one, the spool of usage records not yet delivered, the master key and root credentials
     *                (default {@code ./outcrop-data})
     * @param url a PostgreSQL database that several nodes share ({@code postgresql://USER@HOST:PORT/DATABASE}),
     *            or null for the embedded SQLite; its password may instead be in {@code OUTCROP_STORE_PASSWORD}
     * @param maxConnections the size of this node's connection pool to PostgreSQL
     * @param connectTimeoutMs how long a connection to PostgreSQL may take before the node treats it as away
     * @param statementTimeoutMs how long an answer from PostgreSQL may take before the node treats it as away
     * @param startupWaitMs how long a starting node waits for PostgreSQL to come up
     */
    public record Store(Path dataDir, String url, int maxConnections, int connectTimeoutMs, int statementTimeoutMs,
                        int startupWaitMs) {
        static final Store DEFAULT = new Store(null, null, null, null, null, null);

        /** Fills absent members with their defaults. */
        @JsonCreator
        public Store(@JsonProperty("dataDir") Path dataDir, @JsonProperty("url") String url,
                     @JsonProperty("maxConnections") Integer maxConnections,
                     @JsonProperty("connectTimeoutMs") Integer connectTimeoutMs,
                     @JsonProperty("statementTimeoutMs") Integer statementTimeoutMs,
                     @JsonProperty("startupWaitMs") Integer startupWaitMs) {
            this(dataDir != null ? dataDir : Path.of("outcrop-data"), url, maxConnections != null ? maxConnections : 16,
                    connectTimeoutMs != null ? connectTimeoutMs : 3000,
                    statementTimeoutMs != null ? statementTimeoutMs : 10_000,
                    startupWaitMs != null ? startupWaitMs : 30_000);
        }

        /** Whether the state is in a shared PostgreSQL database. */
        public boolean shared() {
            return url != null;
        }
    }

    /** This configuration with the server's port replaced. */
    public OutcropConfig withPort(int port) {
        return new OutcropConfig(new Server(server.host, port, server.ioThreads, server.callThreads, server.limits), account, store, simulator, deployments, routing, auth, usage);
    }

    /** This configuration with the server's limits replaced. */
    public OutcropConfig withLimits(Limits limits) {
        return new OutcropConfig(new Server(server.host, server.port, server.ioThreads, server.callThreads, limits), account, store, simulator, deployments, routing, auth, usage);
    }

    /** This configuration with the server's host replaced. */
    public OutcropConfig withHost(String host) {
        return new OutcropConfig(new Server(host, server.port, server.ioThreads, server.callThreads, server.limits), account, store, simulator, deployments, routing, auth, usage);
    }

    /** This configuration with the data directory replaced. */
    public OutcropConfig withDataDir(Path dataDir) {
        return new OutcropConfig(server, account, new Store(dataDir, store.url, store.maxConnections,
                store.connectTimeoutMs, store.statementTimeoutMs, store.startupWaitMs), simulator, deployments, routing,
                auth, usage);
    }

    /** This configuration with the shared database's URL replaced. */
    public OutcropConfig withStoreUrl(String url) {
        return new OutcropConfig(server, account, new Store(store.dataDir, url, store.maxConnections,
                store.connectTimeoutMs, store.statementTimeoutMs, store.startupWaitMs), simulator, deployments, routing,
                auth, usage);
    }

    private static void checkScope(String path, String scope, List<String> errors) {
        if (scope == null) {
            errors.add(path + ": missing (expected: tag:KEY=VALUE, profile:ARN or principal:NAME)");
            return;
        }
        try {
            dev.outcrop.usage.Selector.parse(scope);
        } catch (IllegalArgumentException e) {
            errors.add(path + ": " + e.getMessage());
        }
    }

    /**
     * Checks every value.
     *
     * @throws ConfigException listing each bad value with its path
     */
    public OutcropConfig validate() {
        List<String> errors = new ArrayList<>();
        if (server.host.isBlank()) {
            errors.add("server.host: must not be empty");
        }
        if (server.port < 0 || server.port > 65_535) {
            errors.add("server.port: " + server.port + " (expected: 0..65535, 0 picks a free port)");
        }
        if (server.ioThreads < 0 || server.ioThreads > 256) {
            errors.add("server.ioThreads: " + server.ioThreads + " (expected: 0..256, 0 means one per core)");
        }
        if (!List.of(Server.CALLS_ON_EVENT_LOOPS, Server.CALLS_ON_SHARED_SCHEDULER).contains(server.callThreads)) {
            errors.add("server.callThreads: '" + server.callThreads + "' (expected: " + Server.CALLS_ON_EVENT_LOOPS
                    + " or " + Server.CALLS_ON_SHARED_SCHEDULER + ")");
        }
        server.limits.validate(errors);
        if (!ACCOUNT_ID.matcher(account.id).matches()) {
            errors.add("account.id: '" + account.id + "' (expected: 12 digits)");
        }
        if (store.url != null) {
            try {
                dev.outcrop.store.PostgresUrl.parse(store.url);
            } catch (IllegalArgumentException e) {
                errors.add("store.url: " + e.getMessage());
            }
        }
        if (store.maxConnections < 4 || store.maxConnections > 1000) {
            errors.add("store.maxConnections: " + store.maxConnections + " (expected: 4..1000)");
        }
        if (store.connectTimeoutMs < 250 || store.statementTimeoutMs < 1000 || store.startupWaitMs < 0) {
            errors.add("store: connectTimeoutMs must be 250 or more, statementTimeoutMs 1000 or more, startupWaitMs 0 or more");
        }
        if (!List.of("aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b").contains(account.partition)) {
            errors.add("account.partition: '" + account.partition + "' (expected: aws, aws-us-gov, aws-cn, aws-iso or aws-iso-b)");
        }
        if (!REGION.matcher(account.defaultRegion).matches()) {
            errors.add("account.defaultRegion: '" + account.defaultRegion + "' (expected: a region name such as us-east-1)");
        }
        if (simulator.timeToFirstTokenMs < 0) {
            errors.add("simulator.timeToFirstTokenMs: " + simulator.timeToFirstTokenMs + " (expected: 0 or more)");
        }
        if (simulator.tokensPerSecond < 0) {
            errors.add("simulator.tokensPerSecond: " + simulator.tokensPerSecond + " (expected: 0 for no delay, or more)");
        }
        if (simulator.firstByteTimeoutMs < 1) {
            errors.add("simulator.firstByteTimeoutMs: " + simulator.firstByteTimeoutMs + " (expected: 1 or more)");
        }
        if (!List.of("disk", "os").contains(usage.durability())) {
            errors.add("usage.durability: '" + usage.durability() + "' (expected: disk or os)");
        }
        if (usage.commitDelayMicros() < 0 || usage.commitDelayMicros() > 1_000_000) {
            errors.add("usage.commitDelayMicros: " + usage.commitDelayMicros() + " (expected: 0..1000000)");
        }
        if (usage.commitDelayMinBatch() < 1) {
            errors.add("usage.commitDelayMinBatch: " + usage.commitDelayMinBatch() + " (expected: 1 or more)");
        }
        for (int i = 0; i < usage.budgets().size(); i++) {
            BudgetConfig b = usage.budgets().get(i);
            String path = "usage.budgets[" + i + "].";
            if (b.name() == null || b.name().isBlank()) {
                errors.add(path + "name: missing");
            }
            checkScope(path + "scope", b.scope(), errors);
            if (!List.of("daily", "monthly").contains(b.period())) {
                errors.add(path + "period: '" + b.period() + "' (expected: daily or monthly)");
            }
            if (b.limitUsd() == null || b.limitUsd() < 0) {
                errors.add(path + "limitUsd: " + b.limitUsd() + " (expected: a dollar amount, 0 or more)");
            }
            if (b.thresholds().stream().anyMatch(t -> t == null || t <= 0 || t > 1)) {
                errors.add(path + "thresholds: " + b.thresholds() + " (expected: fractions of the limit, in (0, 1])");
            }
            if (b.webhook() != null && !b.webhook().matches("^https?://\\S+$")) {
                errors.add(path + "webhook: '" + b.webhook() + "' (expected: an http(s) URL)");
            }
        }
        for (int i = 0; i < usage.quotas().size(); i++) {
            QuotaConfig q = usage.quotas().get(i);
            String path = "usage.quotas[" + i + "].";
            if (q.name() == null || q.name().isBlank()) {
                errors.add(path + "name: missing");
            }
            checkScope(path + "scope", q.scope(), errors);
            if (q.requestsPerMinute() < 0 || q.tokensPerMinute() < 0 || q.requestsPerMinute() + q.tokensPerMinute() == 0) {
                errors.add(path + "requestsPerMinute/tokensPerMinute: set at least one, 1 or more");
            }
        }
        for (int i = 0; i < usage.prices().size(); i++) {
            PriceConfig p = usage.prices().get(i);
            if (p.model() == null || p.input() == null || p.output() == null || p.input() < 0 || p.output() < 0) {
                errors.add("usage.prices[" + i + "]: model, input and output (USD per 1,000 tokens, 0 or more) are required");
            }
        }
        if (!List.of("sigv4", "none").contains(auth.mode)) {
            errors.add("auth.mode: '" + auth.mode + "' (expected: sigv4, or none for anonymous local development)");
        }
        if (routing.maxAttempts < 1 || routing.maxAttempts > 10) {
            errors.add("routing.maxAttempts: " + routing.maxAttempts + " (expected: 1..10)");
        }
        if (routing.failureThreshold < 1) {
            errors.add("routing.failureThreshold: " + routing.failureThreshold + " (expected: 1 or more)");
        }
        if (routing.deadlineMs < 1 || routing.ejectionMs < 1 || routing.throttleBackoffMs < 1
                || routing.maxThrottleBackoffMs < routing.throttleBackoffMs) {
            errors.add("routing: deadlineMs, ejectionMs and throttleBackoffMs must be 1 or more, and "
                    + "maxThrottleBackoffMs at least throttleBackoffMs");
        }
        if (simulator.maxConcurrency < 0 || simulator.tokensPerMinute < 0) {
            errors.add("simulator.maxConcurrency/tokensPerMinute: must be 0 (no limit) or more");
        }
        for (int i = 0; i < deployments.size(); i++) {
            DeploymentConfig d = deployments.get(i);
            if (d.maxConcurrency() < 0 || d.tokensPerMinute() < 0) {
                errors.add("deployments[" + i + "].maxConcurrency/tokensPerMinute: must be 0 (no limit) or more");
            }
            String path = "deployments[" + i + "].";
            if (d.model() == null || d.model().isBlank()) {
                errors.add(path + "model: missing (expected: a foundation-model id of the catalog)");
            }
            if (d.regions().isEmpty()) {
                errors.add(path + "regions: missing (expected: the regions this backend serves the model in)");
            }
            for (String region : d.regions()) {
                if (!REGION.matcher(region).matches()) {
                    errors.add(path + "regions: '" + region + "' (expected: a region name such as us-east-1)");
                }
            }
            if (!List.of("openai", "simulator").contains(d.provider())) {
                errors.add(path + "provider: '" + d.provider() + "' (expected: openai or simulator)");
            }
            if (d.provider().equals("openai") && (d.url() == null || !d.url().matches("^https?://[^\\s/]+.*$"))) {
                errors.add(path + "url: " + (d.url() == null ? "missing" : "'" + d.url() + "'") + " (expected: an http(s) URL such as http://127.0.0.1:8000/v1)");
            }
            if (d.timeoutMs() < 1 || d.firstByteTimeoutMs() < 1) {
                errors.add(path + "timeoutMs/firstByteTimeoutMs: must be 1 or more");
            }
            if (d.apiKeyEnv() != null && System.getenv(d.apiKeyEnv()) == null) {
                errors.add(path + "apiKeyEnv: the environment variable " + d.apiKeyEnv() + " is not set");
            }
        }
        if (!deployments.isEmpty()) {
            errors.addAll(DeploymentCatalogCheck.errors(deployments, dev.outcrop.catalog.CatalogLoader.builtIn()));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return this;
    }
}
