package dev.outcrop.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.CatalogLoader;
import dev.outcrop.context.RequestScope;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.TargetResolver;
import dev.outcrop.profile.ProfileResolver;
import dev.outcrop.router.CascadeCheck;
import dev.outcrop.router.PromptRouter;
import dev.outcrop.router.PromptRouterService;
import dev.outcrop.router.RouterDecider;
import dev.outcrop.router.RouterEvaluation;
import dev.outcrop.router.RoutingMode;
import dev.outcrop.store.JdbcProfileStore;
import dev.outcrop.store.JdbcRouterStore;
import dev.outcrop.usage.PriceBook;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code outcrop routers evaluate ROUTER FILE}: replays a JSON Lines file of conversations through a router's
 * decision, without calling any model, and reports the share sent to each model and the estimated cost against
 * always calling the stronger one.
 */
final class RouterCommands {
    private static final String USAGE = """
            Usage: outcrop routers evaluate ROUTER FILE [--region REGION] [--config FILE] [--data-dir DIR] [--store URL]
                   outcrop routers configure ROUTER --mode predict|cascade [--escalate-on CHECK,...]
                                     [--min-confidence P] [options as above]
                   outcrop routers show ROUTER [options as above]
              ROUTER  a router ARN, or the id of a default router (anthropic.claude:1, meta.llama:1, amazon.nova:1);
                      configure and show: a custom router's ARN or id
              FILE    JSON Lines: one conversation a line, {"messages": [{"role": "user", "content": [{"text": "..."}]}],
                      "system": [{"text": "..."}], "inferenceConfig": {"maxTokens": 512}} or {"prompt": "..."}
              CHECK   refusal, truncation, invalid-output, low-confidence, error
                      (default: refusal, truncation, invalid-output, error)
              P       with low-confidence: the least mean token probability (0 < P < 1) a cheaper answer passes
                      with, from the backend's logprobs (default 0.5)
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RouterCommands() {}

    static int run(Deque<String> args, Map<String, String> env, PrintStream out) {
        if (!args.isEmpty() && (args.peek().equals("configure") || args.peek().equals("show"))) {
            return configure(args, env, out);
        }
        if (args.isEmpty() || !args.peek().equals("evaluate")) {
            throw new Main.UsageException("routers: the commands are 'evaluate', 'configure' and 'show'\n" + USAGE);
        }
        args.pop();
        List<String> positional = new ArrayList<>();
        StoreOptions common = StoreOptions.withRegion();
        while (!args.isEmpty()) {
            String option = args.pop();
            if (common.accept(option, args)) {
                continue;
            }
            if (option.startsWith("--")) {
                throw new Main.UsageException("unknown option '" + option + "' of routers evaluate\n" + USAGE);
            }
            positional.add(option);
        }
        if (positional.size() != 2) {
            throw new Main.UsageException("routers evaluate takes a ROUTER and a FILE\n" + USAGE);
        }
        OutcropConfig config = common.config(env).validate(env);
        String routerArn = routerArn(positional.get(0), config, common.region());
        List<ChatRequest> conversations = read(Path.of(positional.get(1)));
        Arn arn = Arn.parse(routerArn).orElseThrow(() -> new Main.UsageException("not a router: " + routerArn));
        RequestScope scope = new RequestScope(arn.partition(), arn.account(), arn.region());
        Catalog catalog = CatalogLoader.builtIn();
        try (Storage storage = open(config, env)) {
            TargetResolver targets = targets(catalog, storage);
            PromptRouterService routers = routers(catalog, targets, storage);
            PromptRouter router = routers.get(scope, routerArn);
            PriceBook prices = UsageWiring.prices(config.usage());
            RouterEvaluation evaluation = new RouterEvaluation(new RouterDecider(RouterWiring.predictor(env),
                    prices), prices);
            RouterEvaluation.Report report = evaluation.evaluate(router, conversations,
                    model -> catalog.model(targets.resolve(scope, model).modelId()).orElseThrow());
            print(router, report, routerArn, out);
        }
        return 0;
    }

    /**
     * {@code configure} and {@code show}: a custom router's routing, on the configured database directly (as
     * {@code profiles configure}): every node sees a change within seconds, at once on PostgreSQL.
     */
    private static int configure(Deque<String> args, Map<String, String> env, PrintStream out) {
        String command = args.pop();
        List<String> positional = new ArrayList<>();
        StoreOptions common = StoreOptions.withRegion();
        String mode = null;
        String escalateOn = null;
        String minConfidence = null;
        while (!args.isEmpty()) {
            String option = args.pop();
            if (common.accept(option, args)) {
                continue;
            }
            switch (option) {
                case "--mode" -> mode = Main.value(option, args);
                case "--escalate-on" -> escalateOn = Main.value(option, args);
                case "--min-confidence" -> minConfidence = Main.value(option, args);
                default -> {
                    if (option.startsWith("--")) {
                        throw new Main.UsageException("unknown option '" + option + "' of routers " + command + "\n" + USAGE);
                    }
                    positional.add(option);
                }
            }
        }
        if (positional.size() != 1) {
            throw new Main.UsageException("routers " + command + " takes one ROUTER\n" + USAGE);
        }
        RoutingMode routingMode = null;
        Set<CascadeCheck> checks = Set.of();
        Double leastConfidence = null;
        if (command.equals("configure")) {
            if (mode == null || !mode.equals("predict") && !mode.equals("cascade")) {
                throw new Main.UsageException("routers configure needs --mode predict or --mode cascade\n" + USAGE);
            }
            routingMode = RoutingMode.valueOf(mode.toUpperCase(Locale.ROOT));
            try {
                checks = CascadeCheck.parse(escalateOn);
            } catch (IllegalArgumentException e) {
                throw new Main.UsageException("--escalate-on: " + e.getMessage());
            }
            if (escalateOn != null && checks.isEmpty()) {
                throw new Main.UsageException("--escalate-on: no check given (" + CascadeCheck.names() + ")");
            }
            leastConfidence = minConfidence == null ? null : fraction("--min-confidence", minConfidence);
        } else if (mode != null || escalateOn != null || minConfidence != null) {
            throw new Main.UsageException("routers show takes no --mode, --escalate-on or --min-confidence");
        }
        OutcropConfig config = common.config(env).validate(env);
        String arn = RouterConfigApi.arn(config, positional.getFirst(), common.region());
        Catalog catalog = CatalogLoader.builtIn();
        try (Storage storage = open(config, env)) {
            TargetResolver targets = targets(catalog, storage);
            PromptRouterService routers = routers(catalog, targets, storage);
            RequestScope scope = RouterConfigApi.scope(arn);
            PromptRouter router = routingMode == null ? routers.get(scope, arn)
                    : routers.configure(scope, arn, routingMode, checks, leastConfidence);
            out.println(dev.outcrop.server.protocol.Json.mapper().valueToTree(RouterConfigApi.view(router, arn))
                    .toPrettyString());
        }
        return 0;
    }

    /** A number strictly between 0 and 1, as an option gives it. */
    private static double fraction(String option, String text) {
        try {
            double value = Double.parseDouble(text);
            if (value > 0 && value < 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Main.UsageException(option + ": '" + text + "' is not a number between 0 and 1");
    }

    /** The configured database, as every routers command opens it. */
    private static Storage open(OutcropConfig config, Map<String, String> env) {
        return Storage.open(config.store(), Outcrop.prepareDataDir(config.store().dataDir()), env, "outcrop cli");
    }

    private static TargetResolver targets(Catalog catalog, Storage storage) {
        return new TargetResolver(catalog, new ProfileResolver(catalog, new JdbcProfileStore(storage.database()),
                storage.changes()));
    }

    private static PromptRouterService routers(Catalog catalog, TargetResolver targets, Storage storage) {
        return new PromptRouterService(catalog, targets, new JdbcRouterStore(storage.database()), Clock.systemUTC(),
                storage.changes());
    }

    private static String routerArn(String given, OutcropConfig config, String region) {
        if (Arn.looksLikeArn(given)) {
            return given;
        }
        return Arn.of(config.account().partitionName(), region != null ? region : config.account().defaultRegion(),
                config.account().id(), ResourceTypes.DEFAULT_PROMPT_ROUTER, given).toString();
    }

    private static void print(PromptRouter router, RouterEvaluation.Report report, String arn, PrintStream out) {
        out.printf("router %s (response quality difference %s%%)%n", arn, router.responseQualityDifference());
        out.printf("conversations: %d (fallback: %d)%n", report.conversations(), report.fallbacks());
        for (Map.Entry<String, Integer> entry : report.byModel().entrySet()) {
            out.printf(Locale.ROOT, "  %5.1f%%  %4d  %s%n", 100 * report.share(entry.getKey()), entry.getValue(),
                    entry.getKey());
        }
        out.printf(Locale.ROOT, "estimated cost: routed $%.6f, always the stronger model $%.6f, saved %.1f%%%n",
                report.routedCostMicros() / 1e6, report.strongerCostMicros() / 1e6, 100 * report.saving());
    }

    /** The conversations of a JSON Lines file; a line that is not one is an error naming its number. */
    static List<ChatRequest> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new Main.UsageException("cannot read " + file + ": " + e.getMessage());
        }
        List<ChatRequest> conversations = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                conversations.add(conversation(JSON.readTree(line)));
            } catch (IOException | IllegalArgumentException e) {
                throw new Main.UsageException(file + ":" + (i + 1) + ": not a conversation (" + e.getMessage() + ")");
            }
        }
        return conversations;
    }

    private static ChatRequest conversation(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        List<Message> messages = new ArrayList<>();
        if (node.path("prompt").isTextual()) {
            messages.add(new Message("user", List.of(new ContentBlock.Text(node.path("prompt").asText()))));
        }
        for (JsonNode m : node.path("messages")) {
            String role = m.path("role").asText();
            if (!role.equals("user") && !role.equals("assistant")) {
                throw new IllegalArgumentException("messages[].role must be user or assistant");
            }
            List<ContentBlock> blocks = new ArrayList<>();
            for (JsonNode block : m.path("content")) {
                if (block.path("text").isTextual()) {
                    blocks.add(new ContentBlock.Text(block.path("text").asText()));
                }
            }
            messages.add(new Message(role, blocks));
        }
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("no prompt and no messages");
        }
        List<String> system = new ArrayList<>();
        node.path("system").forEach(s -> system.add(s.path("text").asText()));
        JsonNode maxTokens = node.path("inferenceConfig").path("maxTokens");
        InferenceParameters parameters = maxTokens.canConvertToInt() && maxTokens.asInt() > 0
                ? InferenceParameters.DEFAULTS.withMaxTokens(maxTokens.asInt()) : InferenceParameters.DEFAULTS;
        return new ChatRequest(system, messages, parameters, List.of(), null, null);
    }
}
