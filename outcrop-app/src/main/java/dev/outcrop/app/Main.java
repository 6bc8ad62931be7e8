package dev.outcrop.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code outcrop serve [options]}, {@code outcrop help}.
 */
public final class Main {
    private static final String USAGE = """
            Usage: outcrop <command> [options]

            Commands:
              serve       Run Outcrop: Bedrock's control plane and runtime on one port.
              keys        Manage principals and their credentials (see: outcrop keys help).
              policies    Manage the IAM policies of principals (see: outcrop policies help).
              profiles    The inference configuration of application profiles: defaults, limits and
                          fixed values of their parameters (see: outcrop profiles help).
              stacks      Apply CloudFormation templates (what `cdk synth` writes) to Outcrop
                          (see: outcrop stacks help).
              usage       Cost and tokens grouped by tag, profile, model, region or principal:
                          [--from 2026-11-01] [--to 2026-12-01] [--group-by tag:team|metadata:KEY|profile|model|router|prompt|upstream|region|principal]
                          [--granularity daily|monthly|total] [--format json|csv]
                          (--group-by router adds each router's saving against always calling its stronger model)
              routers     Replay a JSON Lines file of conversations through a prompt router, no model called:
                          evaluate ROUTER FILE [--region REGION]; set or show how a custom router routes:
                          configure ROUTER --mode predict|cascade [--escalate-on CHECK,...], show ROUTER
                          (see docs/prompt-routers.md)
              help        Show this help.

            Options of serve (keys, policies, profiles and usage take --config, --data-dir and --store too):
              --config FILE      YAML configuration (every key optional; see docs/configuration.md)
              --data-dir DIR     Data directory (default ./outcrop-data)
              --store URL        A PostgreSQL database that several nodes share
                                 (postgresql://USER@HOST:5432/DATABASE; the password may be in
                                 OUTCROP_STORE_PASSWORD). Default: SQLite in the data directory.
              --host HOST        Interface to listen on (default 127.0.0.1)
              --port PORT        Port to listen on (default 8080; 0 picks a free one)
              --dev              No authentication: every request is allowed. Local development only.
            """;

    private Main() {}

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        configureLogging();
        // The one place Outcrop reads its environment: everything below is given it.
        int status = run(List.of(args), System.getenv(), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Deque<String> rest = new ArrayDeque<>(args);
        String command = rest.isEmpty() ? "help" : rest.pop();
        try {
            return switch (command) {
                case "serve" -> serve(rest, env, out);
                case "keys", "policies" -> IdentityCommands.run(command, rest, out, env);
                case "profiles" -> ProfileCommands.run(rest, out, env);
                case "stacks" -> StackCommands.run(rest, out, env);
                case "usage" -> usage(rest, env, out);
                case "routers" -> RouterCommands.run(rest, env, out);
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
        } catch (dev.outcrop.error.BedrockException e) {
            err.println("outcrop: " + e.errorType() + ": " + e.getMessage());
            return 1;
        } catch (java.io.UncheckedIOException e) {
            err.println("outcrop: " + e.getMessage()); // a port in use, a data directory it cannot make
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int serve(Deque<String> args, Map<String, String> env, PrintStream out) throws InterruptedException {
        StoreOptions common = StoreOptions.store();
        String host = null;
        Integer port = null;
        boolean dev = false;
        while (!args.isEmpty()) {
            String option = args.pop();
            if (common.accept(option, args)) {
                continue;
            }
            switch (option) {
                case "--host" -> host = value(option, args);
                case "--port" -> port = integer(option, value(option, args));
                case "--dev" -> dev = true;
                default -> throw new UsageException("unknown option '" + option + "' of serve (see: outcrop help)");
            }
        }
        OutcropConfig config = applyDev(common.config(env), dev);
        if (host != null) {
            config = config.withHost(host);
        }
        if (port != null) {
            config = config.withPort(port);
        }
        config.validate(env);

        Outcrop outcrop = Outcrop.start(config, env);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            outcrop.close();
            stopped.countDown();
        }, "outcrop-shutdown"));
        printBanner(outcrop, out);
        stopped.await();
        return 0;
    }

    private static int usage(Deque<String> args, Map<String, String> env, PrintStream out) {
        StoreOptions common = StoreOptions.store();
        Map<String, String> options = new java.util.HashMap<>();
        while (!args.isEmpty()) {
            String option = args.pop();
            if (common.accept(option, args)) {
                continue;
            }
            switch (option) {
                case "--from", "--to", "--group-by", "--granularity", "--format" -> options.put(option, value(option, args));
                default -> throw new UsageException("unknown option '" + option + "' of usage (see: outcrop help)");
            }
        }
        OutcropConfig config = common.config(env);
        Path dataDir = Outcrop.prepareDataDir(config.validate(env).store().dataDir());
        try (Storage storage = Storage.open(config.store(), dataDir, env, "outcrop cli");
             dev.outcrop.store.JdbcLedger ledger = new dev.outcrop.store.JdbcLedger(storage.database())) {
            out.print(UsageApi.text(UsageApi.report(ledger, UsageWiring.prices(config.usage()), options.get("--from"), options.get("--to"),
                    options.get("--group-by"), options.get("--granularity"), options.get("--format"))));
            out.println();
        }
        return 0;
    }

    /** {@code --dev} wins over the configuration file: it is applied after the file is read. */
    static OutcropConfig applyDev(OutcropConfig config, boolean dev) {
        return dev ? config.with(AuthConfig.ANONYMOUS) : config;
    }

    private static void printBanner(Outcrop outcrop, PrintStream out) {
        String url = outcrop.url();
        String region = outcrop.config().account().defaultRegion();
        out.println("Outcrop listening on " + url + " (network: " + outcrop.networkTransport() + "; "
                + outcrop.callThreads() + ")");
        if (outcrop.anonymous()) {
            out.println("  WARNING: authentication is OFF (--dev / auth.mode: none): anyone who can reach "
                    + url + " may do anything. Local development only.");
        } else if (outcrop.rootCredentialsFile() != null) {
            out.println("  root credentials: " + outcrop.rootCredentialsFile() + " (profile '" + Security.ROOT_PROFILE
                    + "'): export AWS_SHARED_CREDENTIALS_FILE=" + outcrop.rootCredentialsFile() + " AWS_PROFILE="
                    + Security.ROOT_PROFILE);
        } else {
            out.println("  root credentials: from " + Security.ROOT_KEY_ENV + " / " + Security.ROOT_SECRET_ENV);
        }
        out.println("  store: " + Storage.describe(outcrop.config().store()) + "; node " + outcrop.nodeId());
        out.println("  AWS CLI:  aws --endpoint-url " + url + " --region " + region
                + " bedrock list-inference-profiles");
        out.println("  boto3:    boto3.client('bedrock', endpoint_url='" + url + "', region_name='" + region + "')");
        out.println("            boto3.client('bedrock-runtime', endpoint_url='" + url + "', region_name='"
                + region + "')");
        out.println("            boto3.client('bedrock-agent', endpoint_url='" + url + "', region_name='"
                + region + "')  # prompts");
        out.println("  env:      export AWS_ENDPOINT_URL_BEDROCK=" + url + " AWS_ENDPOINT_URL_BEDROCK_RUNTIME=" + url
                + " AWS_ENDPOINT_URL_BEDROCK_AGENT=" + url);
        out.flush();
    }

    static String value(String option, Deque<String> args) {
        if (args.isEmpty() || args.peek().startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.pop();
    }

    static int integer(String option, String value) {
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
