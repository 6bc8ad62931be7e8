package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
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
 */
public record OutcropConfig(Server server, Account account, Store store, Simulator simulator) {
    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d+$");
    private static final Pattern ACCOUNT_ID = Pattern.compile("^\\d{12}$");

    /** Fills absent sections with their defaults. */
    @JsonCreator
    public OutcropConfig(@JsonProperty("server") Server server, @JsonProperty("account") Account account,
                         @JsonProperty("store") Store store, @JsonProperty("simulator") Simulator simulator) {
        this.server = server != null ? server : Server.DEFAULT;
        this.account = account != null ? account : Account.DEFAULT;
        this.store = store != null ? store : Store.DEFAULT;
        this.simulator = simulator != null ? simulator : Simulator.DEFAULT;
    }

    /** The configuration with every default. */
    public static OutcropConfig defaults() {
        return new OutcropConfig(null, null, null, null);
    }

    /**
     * The built-in simulated models.
     *
     * @param seed answers are deterministic for a seed (default 42)
     * @param timeToFirstTokenMs delay before the first token (default 100)
     * @param tokensPerSecond generation pace, 0 for no delay (default 200)
     * @param firstByteTimeoutMs how long a deployment may take to start answering (default 10000)
     */
    public record Simulator(Long seed, Integer timeToFirstTokenMs, Integer tokensPerSecond, Integer firstByteTimeoutMs) {
        static final Simulator DEFAULT = new Simulator(null, null, null, null);

        /** Fills absent members with their defaults. */
        @JsonCreator
        public Simulator(@JsonProperty("seed") Long seed, @JsonProperty("timeToFirstTokenMs") Integer timeToFirstTokenMs,
                         @JsonProperty("tokensPerSecond") Integer tokensPerSecond,
                         @JsonProperty("firstByteTimeoutMs") Integer firstByteTimeoutMs) {
            this.seed = seed != null ? seed : 42L;
            this.timeToFirstTokenMs = timeToFirstTokenMs != null ? timeToFirstTokenMs : 100;
            this.tokensPerSecond = tokensPerSecond != null ? tokensPerSecond : 200;
            this.firstByteTimeoutMs = firstByteTimeoutMs != null ? firstByteTimeoutMs : 10_000;
        }
    }

    /** This configuration with other simulator settings. */
    public OutcropConfig withSimulator(Simulator newSimulator) {
        return new OutcropConfig(server, account, store, newSimulator);
    }

    /**
     * Where to listen.
     *
     * @param host the interface to bind (default {@code 127.0.0.1}: loopback only)
     * @param port the port (default 8080; 0 picks a free one)
     * @param ioThreads event-loop threads (default 0: one per core)
     */
    public record Server(String host, Integer port, Integer ioThreads) {
        static final Server DEFAULT = new Server(null, null, null);

        /** Fills absent members with their defaults. */
        @JsonCreator
        public Server(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
                      @JsonProperty("ioThreads") Integer ioThreads) {
            this.host = host != null ? host : "127.0.0.1";
            this.port = port != null ? port : 8080;
            this.ioThreads = ioThreads != null ? ioThreads : 0;
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
     * @param dataDir the data directory of the embedded SQLite database (default {@code ./outcrop-data})
     */
    public record Store(Path dataDir) {
        static final Store DEFAULT = new Store(null);

        /** Fills absent members with their defaults. */
        @JsonCreator
        public Store(@JsonProperty("dataDir") Path dataDir) {
            this.dataDir = dataDir != null ? dataDir : Path.of("outcrop-data");
        }
    }

    /** This configuration with the server's port replaced. */
    public OutcropConfig withPort(int port) {
        return new OutcropConfig(new Server(server.host, port, server.ioThreads), account, store, simulator);
    }

    /** This configuration with the server's host replaced. */
    public OutcropConfig withHost(String host) {
        return new OutcropConfig(new Server(host, server.port, server.ioThreads), account, store, simulator);
    }

    /** This configuration with the data directory replaced. */
    public OutcropConfig withDataDir(Path dataDir) {
        return new OutcropConfig(server, account, new Store(dataDir), simulator);
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
        if (!ACCOUNT_ID.matcher(account.id).matches()) {
            errors.add("account.id: '" + account.id + "' (expected: 12 digits)");
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
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return this;
    }
}
