package dev.outcrop.app;

import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code outcrop keys ...} and {@code outcrop policies ...}: identity management on the data directory.
 * Secrets are printed once, when created, and never again.
 */
final class IdentityCommands {
    private static final String KEYS_USAGE = """
            Usage: outcrop keys <command> [--data-dir DIR] [--store URL] [--config FILE]
              list                                   principals and their keys
              create-user NAME                       a user principal (no policy: allowed nothing yet)
              create-access-key NAME                 a long-term access key (the secret is shown once)
              create-temporary-credentials NAME [--hours N]   key, secret and session token (1-36 hours, default 1)
              deactivate-access-key ID | activate-access-key ID
              create-api-key NAME [--days N]         a Bedrock API key (Authorization: Bearer; 1-36600 days, default 30, 0 = no expiry)
              revoke-api-key ID
              create-workload NAME --profile ID_OR_ARN [--region R] [--endpoint URL]
                                                     a role allowed exactly the use of one inference profile,
                                                     its access key, and the environment the workload needs
              delete NAME                            a principal with all its keys and policies
            """;
    private static final String POLICIES_USAGE = """
            Usage: outcrop policies <command> [--data-dir DIR] [--store URL] [--config FILE]
              list NAME                              the policies attached to a principal
              attach NAME POLICY_NAME FILE           attach (or replace) an IAM policy document
              detach NAME POLICY_NAME
            """;

    private IdentityCommands() {}

    /** Runs a command with {@code env} as the environment (the master key, the store's password). */
    static int run(String group, Deque<String> args, PrintStream out, java.util.Map<String, String> env) {
        List<String> positional = new ArrayList<>();
        StoreOptions common = StoreOptions.store();
        Deque<String> options = new ArrayDeque<>();
        while (!args.isEmpty()) {
            String next = args.pop();
            if (common.accept(next, args)) {
                continue;
            }
            switch (next) {
                case "--hours", "--days", "--profile", "--region", "--endpoint" -> {
                    options.add(next);
                    options.add(Main.value(next, args));
                }
                default -> {
                    if (next.startsWith("--")) {
                        throw new Main.UsageException("unknown option '" + next + "' of " + group);
                    }
                    positional.add(next);
                }
            }
        }
        if (positional.isEmpty() || positional.getFirst().equals("help")) {
            out.print(group.equals("keys") ? KEYS_USAGE : POLICIES_USAGE);
            return positional.isEmpty() ? 2 : 0;
        }
        OutcropConfig config = common.config(env);
        try (LocalAdmin admin = LocalAdmin.open(config.validate(env), env)) {
            return group.equals("keys") ? keys(admin, positional, options, config, out)
                    : policies(admin.identity(), positional, out);
        }
    }

    private static String arg(List<String> positional, int index, String what) {
        if (positional.size() <= index) {
            throw new Main.UsageException(positional.getFirst() + " needs " + what);
        }
        return positional.get(index);
    }

    /** An integer option within {@code [min, max]}: anything else is a usage error, not a default. */
    private static int bounded(String option, String value, long min, long max) {
        int number = Main.integer(option, value);
        if (number < min || number > max) {
            throw new Main.UsageException(option + ": " + number + " is not between " + min + " and " + max);
        }
        return number;
    }

    private static String option(Deque<String> options, String name, String fallback) {
        List<String> list = new ArrayList<>(options);
        int at = list.indexOf(name);
        return at >= 0 ? list.get(at + 1) : fallback;
    }

    private static int keys(LocalAdmin admin, List<String> positional, Deque<String> options, OutcropConfig config,
                            PrintStream out) {
        IdentityService identity = admin.identity();
        switch (positional.getFirst()) {
            case "list" -> {
                for (Principal p : identity.principals()) {
                    out.println(p.kind().name().toLowerCase() + " " + p.name() + " " + p.arn(config.account().partitionName()));
                    identity.accessKeys(p.name()).forEach(k -> out.println("  access key " + k.accessKeyId() + " "
                            + k.status() + (k.expiresAt() != null ? " expires " + k.expiresAt() : "")));
                    identity.apiKeys(p.name()).forEach(k -> out.println("  api key " + k.keyId()
                            + (k.revokedAt() != null ? " revoked" : k.expiresAt() != null ? " expires " + k.expiresAt() : "")));
                }
            }
            case "create-user" -> out.println(identity.createPrincipal(arg(positional, 1, "a NAME"), Principal.Kind.USER)
                    .arn(config.account().partitionName()));
            case "create-access-key" -> {
                IdentityService.NewAccessKey key = identity.createAccessKey(arg(positional, 1, "a NAME"));
                out.println("AWS_ACCESS_KEY_ID=" + key.accessKeyId());
                out.println("AWS_SECRET_ACCESS_KEY=" + key.secretAccessKey());
            }
            case "create-temporary-credentials" -> {
                IdentityService.NewAccessKey key = identity.createTemporaryCredentials(arg(positional, 1, "a NAME"),
                        Duration.ofHours(bounded("--hours", option(options, "--hours", "1"), 1,
                                IdentityService.MAX_TEMPORARY_LIFETIME.toHours())));
                out.println("AWS_ACCESS_KEY_ID=" + key.accessKeyId());
                out.println("AWS_SECRET_ACCESS_KEY=" + key.secretAccessKey());
                out.println("AWS_SESSION_TOKEN=" + key.sessionToken());
                out.println("# expires " + key.expiresAt());
            }
            case "deactivate-access-key", "activate-access-key" -> {
                String id = arg(positional, 1, "an access key ID");
                boolean active = positional.getFirst().equals("activate-access-key");
                identity.setAccessKeyActive(id, active);
                out.println("access key " + id + " is now " + (active ? "Active" : "Inactive"));
            }
            case "create-api-key" -> {
                int days = bounded("--days", option(options, "--days", "30"), 0, IdentityService.MAX_API_KEY_DAYS);
                IdentityService.NewApiKey key = identity.createApiKey(arg(positional, 1, "a NAME"),
                        days == 0 ? null : Duration.ofDays(days));
                out.println("AWS_BEARER_TOKEN_BEDROCK=" + key.token());
                out.println("# id " + key.keyId() + (key.expiresAt() != null ? ", expires " + key.expiresAt() : ", no expiry"));
            }
            case "revoke-api-key" -> {
                String id = arg(positional, 1, "an API key ID");
                identity.revokeApiKey(id);
                out.println("API key " + id + " is revoked");
            }
            case "create-workload" -> {
                String profile = option(options, "--profile", null);
                if (profile == null) {
                    throw new Main.UsageException("create-workload needs --profile ID_OR_ARN");
                }
                String endpoint = option(options, "--endpoint", "http://" + config.server().host() + ":" + config.server().port());
                Workloads.Created created = admin.workloads().create(arg(positional, 1, "a NAME"), profile,
                        option(options, "--region", null), endpoint);
                created.environment().forEach((k, v) -> out.println(k + "=" + v));
            }
            case "delete" -> {
                String name = arg(positional, 1, "a NAME");
                identity.deletePrincipal(name);
                out.println("principal " + name + " is deleted, with its keys and policies");
            }
            default -> throw new Main.UsageException("unknown keys command '" + positional.getFirst() + "' (see: outcrop keys help)");
        }
        return 0;
    }

    private static int policies(IdentityService identity, List<String> positional, PrintStream out) {
        switch (positional.getFirst()) {
            case "list" -> identity.storedPolicies(arg(positional, 1, "a NAME"))
                    .forEach(p -> out.println("# " + p.name() + "\n" + p.document()));
            case "attach" -> {
                Path file = Path.of(arg(positional, 3, "NAME POLICY_NAME FILE"));
                try {
                    identity.putPolicy(positional.get(1), positional.get(2), Files.readString(file));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
                out.println("policy " + positional.get(2) + " is attached to " + positional.get(1));
            }
            case "detach" -> {
                String name = arg(positional, 1, "NAME POLICY_NAME");
                String policy = arg(positional, 2, "NAME POLICY_NAME");
                identity.deletePolicy(name, policy);
                out.println("policy " + policy + " is detached from " + name);
            }
            default -> throw new Main.UsageException("unknown policies command '" + positional.getFirst() + "' (see: outcrop policies help)");
        }
        return 0;
    }
}
