package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Where to listen ({@code server}).
 *
 * @param host the interface to bind
 * @param port the port; 0 picks a free one
 * @param ioThreads event-loop threads, serving both callers' connections and those to model backends; 0: one per core
 * @param callThreads where a request's virtual thread runs
 * @param limits what a client may hold of the server
 */
public record ServerConfig(String host, int port, int ioThreads, CallThreads callThreads, LimitsConfig limits) {
    static final ConfigOption<String> HOST = ConfigOption.text("host", "127.0.0.1",
            "the interface to listen on; 0.0.0.0 for every interface");
    static final ConfigOption<Integer> PORT = ConfigOption.integer("port", 8080, "0 picks a free port (printed at start)");
    static final ConfigOption<Integer> IO_THREADS = ConfigOption.integer("ioThreads", 0,
            "Netty event-loop threads, for callers and model backends alike; 0 = one per core");
    static final ConfigOption<CallThreads> CALL_THREADS = ConfigOption.choice("callThreads", CallThreads.EVENT_LOOPS,
            "where a request's virtual thread runs: on its connection's event loop (JDK 24+ and --add-opens "
                    + "java.base/java.lang=ALL-UNNAMED, which ./outcrop passes; otherwise Outcrop says so and uses "
                    + "shared), or on the JDK's scheduler");
    static final ConfigSection SECTION = new ConfigSection("server", ServerConfig.class,
            List.of(HOST, PORT, IO_THREADS, CALL_THREADS));
    static final ServerConfig DEFAULT = new ServerConfig(null, null, null, null, null);

    /** Where a request's virtual thread runs. */
    public enum CallThreads implements ConfigChoice {
        /** On its connection's event loop: no hand-off between threads within a call. */
        EVENT_LOOPS("eventLoops"),
        /** On the JDK's scheduler. */
        SHARED("shared");

        private final String configName;

        CallThreads(String configName) {
            this.configName = configName;
        }

        @Override
        public String configName() {
            return configName;
        }
    }

    /** Fills absent members with their defaults. */
    @JsonCreator
    public ServerConfig(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
                        @JsonProperty("ioThreads") Integer ioThreads,
                        @JsonProperty("callThreads") CallThreads callThreads,
                        @JsonProperty("limits") LimitsConfig limits) {
        this(HOST.or(host), PORT.or(port).intValue(), IO_THREADS.or(ioThreads).intValue(), CALL_THREADS.or(callThreads),
                limits != null ? limits : LimitsConfig.DEFAULT);
    }

    /** Whether requests are to run on their connections' event loops. */
    public boolean callsOnEventLoops() {
        return callThreads == CallThreads.EVENT_LOOPS;
    }

    ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, ioThreads, callThreads, limits);
    }

    ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, ioThreads, callThreads, limits);
    }

    void validate(List<String> errors) {
        if (host.isBlank()) {
            errors.add("server.host: must not be empty");
        }
        if (port < 0 || port > 65_535) {
            errors.add("server.port: " + port + " (expected: 0..65535, 0 picks a free port)");
        }
        if (ioThreads < 0 || ioThreads > 256) {
            errors.add("server.ioThreads: " + ioThreads + " (expected: 0..256, 0 means one per core)");
        }
        limits.validate(errors);
    }
}
