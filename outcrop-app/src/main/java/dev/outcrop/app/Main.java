package dev.outcrop.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code outcrop serve [options]}, {@code outcrop help}.
 */
public final class Main {
    private static final String USAGE = """
            Usage: outcrop <command> [options]

            Commands:
              serve     Run Outcrop: Bedrock's control plane and runtime on one port.
              help      Show this help.

            Options of serve:
              --config FILE      YAML configuration (every key optional; see docs/configuration.md)
              --data-dir DIR     Data directory (default ./outcrop-data)
              --host HOST        Interface to listen on (default 127.0.0.1)
              --port PORT        Port to listen on (default 8080; 0 picks a free one)
            """;

    private Main() {}

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        configureLogging();
        int status = run(List.of(args), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Deque<String> rest = new ArrayDeque<>(args);
        String command = rest.isEmpty() ? "help" : rest.pop();
        try {
            return switch (command) {
                case "serve" -> serve(rest, out);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> {
                    err.println("outcrop: unknown command '" + command + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (UsageException | ConfigException e) {
            err.println("outcrop: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int serve(Deque<String> args, PrintStream out) throws InterruptedException {
        OutcropConfig config = OutcropConfig.defaults();
        Path configFile = null;
        String host = null;
        Integer port = null;
        Path dataDir = null;
        while (!args.isEmpty()) {
            String option = args.pop();
            switch (option) {
                case "--config" -> configFile = Path.of(value(option, args));
                case "--data-dir" -> dataDir = Path.of(value(option, args));
                case "--host" -> host = value(option, args);
                case "--port" -> port = integer(option, value(option, args));
                default -> throw new UsageException("unknown option '" + option + "' of serve (see: outcrop help)");
            }
        }
        if (configFile != null) {
            config = ConfigLoader.load(configFile);
        }
        if (host != null) {
            config = config.withHost(host);
        }
        if (port != null) {
            config = config.withPort(port);
        }
        if (dataDir != null) {
            config = config.withDataDir(dataDir);
        }
        config.validate();

        Outcrop outcrop = Outcrop.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            outcrop.close();
            stopped.countDown();
        }, "outcrop-shutdown"));
        printBanner(outcrop, out);
        stopped.await();
        return 0;
    }

    private static void printBanner(Outcrop outcrop, PrintStream out) {
        String url = outcrop.url();
        String region = outcrop.config().account().defaultRegion();
        out.println("Outcrop listening on " + url);
        out.println("  data directory: " + outcrop.config().store().dataDir().toAbsolutePath().normalize()
                + " (SQLite)");
        out.println("  AWS CLI:  aws --endpoint-url " + url + " --region " + region
                + " bedrock list-inference-profiles");
        out.println("  boto3:    boto3.client('bedrock', endpoint_url='" + url + "', region_name='" + region + "')");
        out.println("            boto3.client('bedrock-runtime', endpoint_url='" + url + "', region_name='"
                + region + "')");
        out.println("  env:      export AWS_ENDPOINT_URL_BEDROCK=" + url + " AWS_ENDPOINT_URL_BEDROCK_RUNTIME=" + url);
        out.flush();
    }

    private static String value(String option, Deque<String> args) {
        if (args.isEmpty() || args.peek().startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.pop();
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": '" + value + "' is not a number");
        }
    }

    /** Quiet, one-line logs on standard error; the libraries speak only when something is wrong. */
    private static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        setDefault("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        setDefault("org.slf4j.simpleLogger.log.io.netty", "warn");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** A command-line mistake: printed with the usage hint, exit status 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
