package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outcrop.store.PostgresUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where state lives ({@code store}).
 *
 * @param dataDir this node's own directory: the embedded SQLite database when there is no {@code url}, and with
 *                one, the spool of usage records not yet delivered, the master key and root credentials
 * @param url a PostgreSQL database that several nodes share, or null for the embedded SQLite
 * @param maxConnections the size of this node's connection pool to PostgreSQL
 * @param connectTimeout how long a connection to PostgreSQL may take before the node treats it as away
 * @param statementTimeout how long an answer from PostgreSQL may take before the node treats it as away
 * @param startupWait how long a starting node waits for PostgreSQL to come up
 */
public record StoreConfig(Path dataDir, String url, int maxConnections, Duration connectTimeout,
                          Duration statementTimeout, Duration startupWait) {
    static final ConfigOption<Path> DATA_DIR = ConfigOption.path("dataDir", Path.of("outcrop-data"),
            "this node's directory, created owner-only (rwx------): the SQLite database, or with a url, the spool of "
                    + "usage records not yet delivered; the master key and root credentials files when the "
                    + "environment does not give them");
    static final ConfigOption<String> URL = ConfigOption.text("url", null,
            "a PostgreSQL database several nodes share (deploy.md): postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
                    + "[?sslmode=require&...] (libpq's URI form; jdbc:postgresql://... too); none: SQLite in dataDir. "
                    + "The password may instead be in OUTCROP_STORE_PASSWORD");
    static final ConfigOption<Integer> MAX_CONNECTIONS = ConfigOption.integer("maxConnections", 16,
            "this node's pool of connections to PostgreSQL (4..1000)");
    static final ConfigOption<Duration> CONNECT_TIMEOUT = ConfigOption.millis("connectTimeoutMs",
            Duration.ofSeconds(3), "a connection to PostgreSQL that takes longer: the database is away (250 or more)");
    static final ConfigOption<Duration> STATEMENT_TIMEOUT = ConfigOption.millis("statementTimeoutMs",
            Duration.ofSeconds(10), "an answer from PostgreSQL that takes longer: the database is away (1000 or more)");
    static final ConfigOption<Duration> STARTUP_WAIT = ConfigOption.millis("startupWaitMs", Duration.ofSeconds(30),
            "how long a starting node waits for PostgreSQL to come up");
    static final ConfigSection SECTION = new ConfigSection("store", StoreConfig.class,
            List.of(DATA_DIR, URL, MAX_CONNECTIONS, CONNECT_TIMEOUT, STATEMENT_TIMEOUT, STARTUP_WAIT));
    static final StoreConfig DEFAULT = new StoreConfig(null, null, null, null, null, null);

    /** Fills absent members with their defaults. */
    @JsonCreator
    public StoreConfig(@JsonProperty("dataDir") Path dataDir, @JsonProperty("url") String url,
                       @JsonProperty("maxConnections") Integer maxConnections,
                       @JsonProperty("connectTimeoutMs") Long connectTimeoutMs,
                       @JsonProperty("statementTimeoutMs") Long statementTimeoutMs,
                       @JsonProperty("startupWaitMs") Long startupWaitMs) {
        this(DATA_DIR.or(dataDir), URL.or(url), MAX_CONNECTIONS.or(maxConnections),
                CONNECT_TIMEOUT.orMillis(connectTimeoutMs), STATEMENT_TIMEOUT.orMillis(statementTimeoutMs),
                STARTUP_WAIT.orMillis(startupWaitMs));
    }

    /** Whether the state is in a shared PostgreSQL database. */
    public boolean shared() {
        return url != null;
    }

    StoreConfig withDataDir(Path newDataDir) {
        return new StoreConfig(newDataDir, url, maxConnections, connectTimeout, statementTimeout, startupWait);
    }

    StoreConfig withUrl(String newUrl) {
        return new StoreConfig(dataDir, newUrl, maxConnections, connectTimeout, statementTimeout, startupWait);
    }

    void validate(List<String> errors) {
        if (url != null) {
            try {
                PostgresUrl.parse(url);
            } catch (IllegalArgumentException e) {
                errors.add("store.url: " + e.getMessage());
            }
        }
        if (maxConnections < 4 || maxConnections > 1000) {
            errors.add("store.maxConnections: " + maxConnections + " (expected: 4..1000)");
        }
        if (connectTimeout.toMillis() < 250 || statementTimeout.toMillis() < 1000 || startupWait.isNegative()) {
            errors.add("store: connectTimeoutMs must be 250 or more, statementTimeoutMs 1000 or more, startupWaitMs 0 or more");
        }
    }
}
