package dev.outcrop.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.context.RequestScope;
import dev.outcrop.profileconfig.Mode;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.profileconfig.StoredInferenceConfig;
import dev.outcrop.profileconfig.StoredInferenceConfigJson;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * {@code outcrop profiles ...}: the inference configuration of application profiles, on the configured database
 * directly (as {@code keys} works): every node applies a change within seconds, at once on PostgreSQL.
 */
final class ProfileCommands {
    private static final String USAGE = """
            Usage: outcrop profiles <command> PROFILE [options] [--region R] [--data-dir DIR] [--store URL] [--config FILE]
              show PROFILE                  the profile's inference configuration, as JSON
              configure PROFILE SETTINGS    sets the parameters given, keeping the others:
                  --max-tokens N[:MODE]  --temperature X[:MODE]  --top-p X[:MODE]  --top-k N[:MODE]
                  --stop-sequence S (repeat it for several)  --stop-sequences-mode MODE
                  --anthropic-version V (always fixed)
                  --response-format FILE (a JSON object: schema, and optionally name, description)
                  --response-format-mode MODE
                  --unset KEY (maxTokens, temperature, topP, topK, stopSequences, anthropicVersion, responseFormat)
                  --file FILE   the whole configuration, as the JSON document the admin API takes
              clear PROFILE                 removes the profile's configuration
            PROFILE is an application profile's id or ARN. MODE is default (when left out), limit (numbers only:
            the most a request may ask for, and what a request that asks for none gets) or fixed.
            """;
    private static final Map<String, String> NUMBERS = Map.of("--max-tokens", "maxTokens", "--temperature",
            "temperature", "--top-p", "topP", "--top-k", "topK");

    private ProfileCommands() {}

    static int run(Deque<String> args, PrintStream out, Map<String, String> env) {
        CliOptions cli = CliOptions.parse(args, env);
        if (cli.positional().size() < 2 || cli.positional().getFirst().equals("help")) {
            out.print(USAGE);
            return cli.positional().isEmpty() || !cli.positional().getFirst().equals("help") ? 2 : 0;
        }
        String command = cli.positional().get(0);
        String profile = cli.positional().get(1);
        if (cli.positional().size() > 2) {
            throw new Main.UsageException("profiles " + command + " takes one PROFILE, not " + cli.positional().subList(1,
                    cli.positional().size()));
        }
        if (!command.equals("configure") && !cli.settings().isEmpty()) {
            throw new Main.UsageException("profiles " + command + " takes no " + cli.settings().getFirst());
        }
        OutcropConfig config = cli.config();
        RequestScope scope = ProfileConfigApi.scope(config, profile, cli.region());
        try (LocalAdmin admin = LocalAdmin.open(config.validate(env), env)) {
            ProfileConfigurations configurations = admin.configurations();
            StoredInferenceConfig result = switch (command) {
                case "show" -> configurations.get(scope, profile);
                case "configure" -> {
                    StoredInferenceConfig updated = StoredInferenceConfigJson.read(
                            edited(configurations.get(scope, profile), cli.settings()));
                    configurations.configure(scope, profile, updated);
                    yield updated;
                }
                case "clear" -> {
                    configurations.configure(scope, profile, StoredInferenceConfig.NONE);
                    yield StoredInferenceConfig.NONE;
                }
                default -> throw new Main.UsageException("unknown profiles command '" + command + "'");
            };
            out.println(StoredInferenceConfigJson.write(result).toPrettyString());
            return 0;
        }
    }

    /**
     * The JSON document of {@code current} with the settings applied, in the order given; read afterwards by the
     * same strict reader as the admin API's body, so that the command line can set nothing the API would refuse.
     */
    static ObjectNode edited(StoredInferenceConfig current, List<String> settings) {
        ObjectNode document = StoredInferenceConfigJson.write(current);
        List<String> stops = new ArrayList<>();
        String stopsMode = null;
        String formatMode = null;
        for (int i = 0; i < settings.size(); i += 2) {
            String option = settings.get(i);
            String value = settings.get(i + 1);
            switch (option) {
                case "--max-tokens", "--temperature", "--top-p", "--top-k" -> {
                    int colon = value.lastIndexOf(':');
                    String number = colon < 0 ? value : value.substring(0, colon);
                    String mode = colon < 0 ? Mode.DEFAULT.wire() : value.substring(colon + 1);
                    setting(document, NUMBERS.get(option), number(option, number), mode);
                }
                case "--stop-sequence" -> stops.add(value);
                case "--stop-sequences-mode" -> stopsMode = value;
                case "--anthropic-version" -> setting(document, "anthropicVersion",
                        JsonMappers.mapper().getNodeFactory().textNode(value), Mode.FIXED.wire());
                case "--response-format" -> setting(document, "responseFormat", file(option, Path.of(value)),
                        Mode.DEFAULT.wire());
                case "--response-format-mode" -> formatMode = value;
                case "--unset" -> {
                    if (document.remove(value) == null && !isKey(value)) {
                        throw new Main.UsageException("--unset: unknown key '" + value + "'");
                    }
                }
                case "--file" -> {
                    JsonNode replacement = file(option, Path.of(value));
                    if (!(replacement instanceof ObjectNode object)) {
                        throw new Main.UsageException("--file: " + value + " does not hold a JSON object");
                    }
                    document = object;
                }
                default -> throw new IllegalStateException(option);
            }
        }
        if (!stops.isEmpty()) {
            ArrayNode array = JsonMappers.mapper().createArrayNode();
            stops.forEach(array::add);
            setting(document, "stopSequences", array, stopsMode != null ? stopsMode : Mode.DEFAULT.wire());
        } else if (stopsMode != null) {
            modeOnly(document, "stopSequences", stopsMode, "--stop-sequences-mode");
        }
        if (formatMode != null) {
            modeOnly(document, "responseFormat", formatMode, "--response-format-mode");
        }
        return document;
    }

    private static boolean isKey(String key) {
        return List.of("maxTokens", "temperature", "topP", "topK", "stopSequences", "anthropicVersion",
                "responseFormat").contains(key);
    }

    private static void setting(ObjectNode document, String key, JsonNode value, String mode) {
        ObjectNode entry = document.putObject(key);
        entry.set("value", value);
        entry.put("mode", mode);
    }

    private static void modeOnly(ObjectNode document, String key, String mode, String option) {
        if (!(document.get(key) instanceof ObjectNode entry)) {
            throw new Main.UsageException(option + " needs a value to apply to (the profile has no " + key + ")");
        }
        entry.put("mode", mode);
    }

    /** A number as JSON: an integer stays one, so that the reader refuses 20.5 as maxTokens instead of rounding. */
    private static JsonNode number(String option, String text) {
        try {
            BigDecimal number = new BigDecimal(text);
            return number.scale() <= 0 ? JsonMappers.mapper().getNodeFactory().numberNode(number.toBigIntegerExact())
                    : JsonMappers.mapper().getNodeFactory().numberNode(number);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new Main.UsageException(option + ": '" + text + "' is not a number");
        }
    }

    private static JsonNode file(String option, Path path) {
        try {
            return JsonMappers.mapper().readTree(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new Main.UsageException(option + ": cannot read " + path + " as JSON (" + e.getMessage() + ")");
        }
    }

    /** The command line split into PROFILE, the settings (option, value pairs) and the common options. */
    private record CliOptions(List<String> positional, List<String> settings, String region, OutcropConfig config) {
        static CliOptions parse(Deque<String> args, Map<String, String> env) {
            List<String> positional = new ArrayList<>();
            List<String> settings = new ArrayList<>();
            StoreOptions common = StoreOptions.withRegion();
            while (!args.isEmpty()) {
                String next = args.pop();
                if (common.accept(next, args)) {
                    continue;
                }
                switch (next) {
                    case "--max-tokens", "--temperature", "--top-p", "--top-k", "--stop-sequence", "--stop-sequences-mode",
                         "--anthropic-version", "--response-format", "--response-format-mode", "--unset", "--file" -> {
                        settings.add(next);
                        settings.add(Main.value(next, args));
                    }
                    default -> {
                        if (next.startsWith("--")) {
                            throw new Main.UsageException("unknown option '" + next + "' of profiles");
                        }
                        positional.add(next);
                    }
                }
            }
            return new CliOptions(positional, settings, common.region(), common.config(env));
        }
    }
}
