package dev.outcrop.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ValidationException;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.stack.StackStore;
import dev.outcrop.stacks.StackAuthority;
import dev.outcrop.stacks.StackEngine;
import dev.outcrop.stacks.providers.LambdaFunctionProvider;
import dev.outcrop.stacks.template.Template;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code outcrop stacks ...}: CloudFormation templates applied to Outcrop on the configured database, beside
 * (or without) running servers.
 */
final class StackCommands {
    private static final String USAGE = """
            Usage: outcrop stacks <command> [--region R] [--data-dir DIR] [--store URL] [--config FILE]
              deploy TEMPLATE --stack-name NAME [--parameter KEY=VALUE ...] [--skip-unsupported]
                                        create the stack, or update it (JSON or YAML, e.g. cdk.out/App.template.json)
              list                      stacks with their status (deleted ones too)
              describe NAME             status, outputs, resources and their physical ids
              events NAME               what happened, newest first
              delete NAME               delete the resources in reverse order, then the stack
              env NAME LOGICAL_ID [--endpoint URL] [--hours N]
                                        the environment a process needs to act as an AWS::Lambda::Function of
                                        the stack: temporary credentials of its role (1-36 hours, default 1),
                                        the endpoints, and the function's own variables
              invoke NAME LOGICAL_ID [--payload JSON] [--assets DIR] [--endpoint URL]
                                        run the function's handler here with that environment (nodejs* with
                                        Node.js, python* with Python 3; Code.ZipFile, or the CDK asset under
                                        DIR, the template's directory, default .); prints its answer as JSON
            """;
    private static final ObjectMapper JSON = JsonMappers.mapper();

    private StackCommands() {}

    static int run(Deque<String> args, PrintStream out, Map<String, String> env) {
        List<String> positional = new ArrayList<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        StoreOptions common = StoreOptions.withRegion();
        String stackName = null;
        String endpoint = null;
        String payload = "{}";
        Path assets = Path.of(".");
        int hours = 1;
        boolean skipUnsupported = false;
        while (!args.isEmpty()) {
            String next = args.pop();
            if (common.accept(next, args)) {
                continue;
            }
            switch (next) {
                case "--stack-name" -> stackName = Main.value(next, args);
                case "--endpoint" -> endpoint = Main.value(next, args);
                case "--hours" -> hours = Main.integer(next, Main.value(next, args));
                case "--payload" -> payload = Main.value(next, args);
                case "--assets" -> assets = Path.of(Main.value(next, args));
                case "--skip-unsupported" -> skipUnsupported = true;
                case "--parameter", "--parameter-overrides" -> {
                    String pair = Main.value(next, args);
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new Main.UsageException(next + " takes KEY=VALUE, not '" + pair + "'");
                    }
                    parameters.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
                default -> {
                    if (next.startsWith("--")) {
                        throw new Main.UsageException("unknown option '" + next + "' of stacks");
                    }
                    positional.add(next);
                }
            }
        }
        if (positional.isEmpty() || positional.getFirst().equals("help")) {
            out.print(USAGE);
            return positional.isEmpty() ? 2 : 0;
        }
        if (hours < 1 || hours > IdentityService.MAX_TEMPORARY_LIFETIME.toHours()) {
            throw new Main.UsageException("--hours: " + hours + " is not between 1 and 36");
        }
        OutcropConfig config = common.config(env).validate(env);
        String region = common.region();
        RequestScope scope = new RequestScope(config.account().partitionName(), config.account().id(),
                region != null ? region : config.account().defaultRegion());
        try (LocalAdmin admin = LocalAdmin.open(config, env)) {
            StackEngine stacks = admin.stacks();
            String command = positional.getFirst();
            return switch (command) {
                case "deploy" -> {
                    if (stackName == null) {
                        throw new Main.UsageException("deploy needs --stack-name NAME");
                    }
                    yield deploy(stacks, scope, Path.of(arg(positional, 1, "a TEMPLATE file")), stackName, parameters,
                            skipUnsupported, out);
                }
                case "list" -> {
                    stacks.list(scope).forEach(s -> out.println(s.name() + "\t" + s.status() + "\t" + s.updatedAt()
                            + "\t" + s.stackId()));
                    yield 0;
                }
                case "describe" -> {
                    describe(stacks, scope, arg(positional, 1, "a stack NAME"), out);
                    yield 0;
                }
                case "events" -> {
                    stacks.events(scope, arg(positional, 1, "a stack NAME")).forEach(e -> out.println(e.timestamp()
                            + "\t" + e.logicalId() + "\t" + e.type() + "\t" + e.status()
                            + (e.reason() == null ? "" : "\t" + e.reason())));
                    yield 0;
                }
                case "delete" -> {
                    StackStore.StoredStack deleted = stacks.delete(scope, arg(positional, 1, "a stack NAME"),
                            StackAuthority.operator());
                    out.println(deleted.name() + " " + deleted.status()
                            + (deleted.statusReason() == null ? "" : ": " + deleted.statusReason()));
                    yield deleted.status().equals(StackStore.DELETE_COMPLETE) ? 0 : 1;
                }
                case "env" -> {
                    String url = endpoint != null ? endpoint
                            : "http://" + config.server().host() + ":" + config.server().port();
                    functionEnvironment(admin, scope, arg(positional, 1, "a stack NAME"),
                            arg(positional, 2, "a LOGICAL_ID"), url, hours).forEach((k, v) -> out.println(k + "=" + v));
                    yield 0;
                }
                case "invoke" -> {
                    String url = endpoint != null ? endpoint
                            : "http://" + config.server().host() + ":" + config.server().port();
                    yield invoke(admin, scope, arg(positional, 1, "a stack NAME"), arg(positional, 2, "a LOGICAL_ID"),
                            payload, assets, url, out);
                }
                default -> throw new Main.UsageException("unknown stacks command '" + command
                        + "' (see: outcrop stacks help)");
            };
        }
    }

    private static int deploy(StackEngine stacks, RequestScope scope, Path template, String name,
                              Map<String, String> parameters, boolean skipUnsupported, PrintStream out) {
        String body;
        try {
            body = Files.readString(template);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
        StackStore.StoredStack stack;
        try {
            // The CLI runs on the machine that holds the database: its operator has full authority, by name.
            stack = stacks.deploy(new StackEngine.DeployRequest(scope, name, body, parameters, skipUnsupported,
                    StackAuthority.operator()));
        } catch (ValidationException e) {
            if (e.getMessage().equals("No updates are to be performed.")) {
                out.println("No changes to deploy. Stack " + name + " is up to date");
                return 0;
            }
            throw e;
        }
        out.println(stack.name() + " " + stack.status() + (stack.statusReason() == null ? "" : ": " + stack.statusReason()));
        boolean ok = stack.status().equals("CREATE_COMPLETE") || stack.status().equals("UPDATE_COMPLETE");
        if (ok) {
            outputs(stack, out);
        }
        return ok ? 0 : 1;
    }

    private static void describe(StackEngine stacks, RequestScope scope, String name, PrintStream out) {
        StackStore.StoredStack stack = stacks.describe(scope, name);
        out.println("Stack:  " + stack.name() + " (" + stack.stackId() + ")");
        out.println("Status: " + stack.status() + (stack.statusReason() == null ? "" : " — " + stack.statusReason()));
        if (stack.description() != null) {
            out.println("Description: " + stack.description());
        }
        try {
            out.println("Parameters: " + JSON.writeValueAsString(StackEngine.shownParameters(stack)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        outputs(stack, out);
        out.println("Resources:");
        stacks.resources(scope, name).forEach(r -> out.println("  " + r.logicalId() + "\t" + r.type() + "\t"
                + r.physicalId() + "\t" + r.status() + (r.statusReason() == null ? "" : "\t" + r.statusReason())));
    }

    private static void outputs(StackStore.StoredStack stack, PrintStream out) {
        JsonNode outputs = read(stack.outputsJson());
        if (!outputs.isEmpty()) {
            out.println("Outputs:");
            outputs.properties().forEach(e -> out.println("  " + e.getKey() + " = " + e.getValue().path("OutputValue")
                    .asText() + (e.getValue().has("ExportName") ? " (export " + e.getValue().get("ExportName").asText()
                    + ")" : "")));
        }
    }

    private static int invoke(LocalAdmin admin, RequestScope scope, String stack, String logicalId, String payload,
                              Path assets, String endpoint, PrintStream out) {
        try {
            JSON.readTree(payload);
        } catch (IOException e) {
            throw new Main.UsageException("--payload is not JSON: " + e.getMessage());
        }
        Map<String, String> environment = functionEnvironment(admin, scope, stack, logicalId, endpoint, 1);
        JsonNode properties = admin.stacks().appliedProperties(scope, stack, logicalId);
        Template template = Template.parse(admin.stacks().describe(scope, stack).templateBody());
        try {
            return FunctionRunner.run(properties, template.resources().get(logicalId).metadata(), assets, payload,
                    environment, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Temporary credentials of the function's role, the endpoints, and the function's variables. */
    private static Map<String, String> functionEnvironment(LocalAdmin admin, RequestScope scope, String stack,
                                                           String logicalId, String endpoint, int hours) {
        StackStore.StoredResource function = admin.stacks().resource(scope, stack, logicalId);
        if (!function.type().equals("AWS::Lambda::Function")) {
            throw new ValidationException("Resource " + logicalId + " of stack " + stack + " is a " + function.type()
                    + ", not an AWS::Lambda::Function.");
        }
        JsonNode properties = admin.stacks().appliedProperties(scope, stack, logicalId); // its secrets read again
        String role = LambdaFunctionProvider.roleName(properties.path("Role").asText());
        IdentityService.NewAccessKey key = admin.identity().createTemporaryCredentials(role, Duration.ofHours(hours));
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
        environment.put("AWS_SECRET_ACCESS_KEY", key.secretAccessKey());
        environment.put("AWS_SESSION_TOKEN", key.sessionToken());
        environment.put("AWS_REGION", scope.region());
        environment.put("AWS_DEFAULT_REGION", scope.region());
        environment.put("AWS_ENDPOINT_URL_BEDROCK", endpoint);
        environment.put("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", endpoint);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", function.physicalId());
        properties.path("Environment").path("Variables").properties()
                .forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
        return environment;
    }

    private static String arg(List<String> positional, int index, String what) {
        if (positional.size() <= index) {
            throw new Main.UsageException(positional.getFirst() + " needs " + what);
        }
        return positional.get(index);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
