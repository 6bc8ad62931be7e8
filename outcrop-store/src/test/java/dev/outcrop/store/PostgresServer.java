package dev.outcrop.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: its own cluster in a temporary directory, on a free loopback port,
 * trusting local connections. It uses the binaries of Debian's {@code postgresql} package and installs the
 * package when it is missing and the tests run as root (as on CI); when run as root, the server runs as the
 * package's {@code postgres} user, since PostgreSQL refuses to run as root.
 *
 * <p>One server serves the whole test JVM ({@link #shared()}); each test takes a database of its own
 * ({@link #newDatabase()}).
 */
public final class PostgresServer implements AutoCloseable {
    /** The superuser the cluster is created with. */
    public static final String USER = "outcrop";
    private static PostgresServer shared;

    private final Path binDir;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private int databases;

    private PostgresServer(Path binDir, Path dir, int port, boolean asPostgresUser) {
        this.binDir = binDir;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The server of this test JVM, started on first use and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return shared;
    }

    /** Starts a new server in a new temporary directory. */
    public static PostgresServer start() {
        Path bin = findBinaries().orElseGet(PostgresServer::install);
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("outcrop-pg-");
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()), false);
            }
            PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
            server.run(List.of(bin.resolve("initdb").toString(), "-D", server.dataDir().toString(), "-U", USER,
                    "--auth=trust", "-E", "UTF8", "--no-sync"));
            server.startServer();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private void startServer() {
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=300",
                "start"));
    }

    /** Stops the server: {@code fast} closes sessions and shuts down cleanly; otherwise it stops at once, as a crash. */
    public void stop(boolean fast) {
        run(List.of(binDir.resolve("pg_ctl").toString(), "-D", dataDir().toString(), "-m", fast ? "fast" : "immediate",
                "-w", "stop"));
    }

    /** Starts the server again on the same port after {@link #stop}. */
    public void restart() {
        startServer();
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Creates an empty database and returns its {@code postgresql://} URL. */
    public synchronized String newDatabase() {
        String name = "test_" + (++databases) + "_" + Long.toString(System.nanoTime() & 0xffffff, 36);
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
        return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + name;
    }

    /** The JDBC URL of a database made by {@link #newDatabase()}. */
    public static String jdbcUrl(String url) {
        return "jdbc:" + url.replace(USER + "@", "");
    }

    @Override
    public void close() {
        try {
            stop(true);
        } catch (RuntimeException e) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left in the temporary directory
        }
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, true);
    }

    private static void run(List<String> command, boolean quiet) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The directory of initdb and pg_ctl: {@code OUTCROP_PG_BIN}, the newest Debian install, or the PATH. */
    static Optional<Path> findBinaries() {
        String fromEnv = System.getenv("OUTCROP_PG_BIN");
        if (fromEnv != null && Files.isExecutable(Path.of(fromEnv, "initdb"))) {
            return Optional.of(Path.of(fromEnv));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                        .max(Comparator.comparingInt(b -> version(b.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest;
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path dir = Path.of(entry);
            if (Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static int version(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Installs Debian's postgresql package (as root, with apt-get), as CI's fresh machine needs. */
    private static Path install() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new IllegalStateException("PostgreSQL is not installed and cannot be installed from here (needs root "
                    + "and apt-get). Install Debian's package: sudo apt-get install -y postgresql, or set OUTCROP_PG_BIN "
                    + "to the directory of initdb and pg_ctl.");
        }
        run(List.of("apt-get", "update", "-q"), true);
        run(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q", "--no-install-recommends",
                "postgresql"), true);
        return findBinaries().orElseThrow(() -> new IllegalStateException(
                "apt-get installed postgresql, but initdb is still not found under /usr/lib/postgresql"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PostgreSQL on 127.0.0.1:%d in %s", port, dir);
    }
}
