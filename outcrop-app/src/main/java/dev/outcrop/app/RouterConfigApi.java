package dev.outcrop.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.router.CascadeCheck;
import dev.outcrop.router.PromptRouter;
import dev.outcrop.router.PromptRouterService;
import dev.outcrop.router.RoutingMode;
import dev.outcrop.server.admin.AdminBody;
import dev.outcrop.server.admin.AdminEndpoint;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How custom prompt routers route, which Bedrock's API has no member for: the admin API's
 * {@code /_outcrop/prompt-routers/{router}/routing} (the router by its id, in {@code ?region=}, or its URL-encoded
 * ARN), {@code outcrop routers configure}, and the configuration file's {@code promptRouters.cascade}.
 */
final class RouterConfigApi {
    static final String READ = "outcrop:GetPromptRouterRouting";
    static final String WRITE = "outcrop:ConfigurePromptRouters";
    private static final String PATH = "prompt-routers/{router}/routing";
    private static final List<String> MODES = List.of("predict", "cascade");

    private RouterConfigApi() {}

    static void register(AdminEndpoint admin, PromptRouterService routers, OutcropConfig config) {
        admin.route("GET", PATH, READ, (labels, request, caller) -> {
            String arn = arn(config, labels.get("router"), request.queryParameter("region"));
            return view(routers.get(scope(arn), arn), arn);
        }).route("PUT", PATH, WRITE, (labels, request, caller) -> {
            String arn = arn(config, labels.get("router"), request.queryParameter("region"));
            AdminBody body = AdminBody.parse(request.body(), "mode", "escalateOn", "minConfidence");
            RoutingMode mode = RoutingMode.valueOf(body.requiredEnum("mode", MODES).toUpperCase(Locale.ROOT));
            Set<CascadeCheck> checks = checks(AdminBody.object(request.body()).path("escalateOn"));
            return view(routers.configure(scope(arn), arn, mode, checks, body.optionalFraction("minConfidence")), arn);
        });
    }

    /** {@code escalateOn}: absent, or an array of distinct check names, one of each at most. */
    private static Set<CascadeCheck> checks(JsonNode list) {
        if (list.isMissingNode() || list.isNull()) {
            return Set.of();
        }
        if (!list.isArray() || list.isEmpty() || list.size() > CascadeCheck.values().length) {
            throw AdminBody.error(list.toString(), "escalateOn", "Member must be an array of 1 to "
                    + CascadeCheck.values().length + " of: " + CascadeCheck.names());
        }
        Set<CascadeCheck> checks = EnumSet.noneOf(CascadeCheck.class);
        for (JsonNode name : list) {
            try {
                if (!name.isTextual() || !checks.add(CascadeCheck.of(name.textValue()))) {
                    throw new IllegalArgumentException("repeated or not a string");
                }
            } catch (IllegalArgumentException e) {
                throw AdminBody.error(name.toString(), "escalateOn", "Member must be distinct names of: "
                        + CascadeCheck.names());
            }
        }
        return Set.copyOf(checks);
    }

    /** What the API and the CLI show of a router's routing. */
    static Map<String, Object> view(PromptRouter router, String arn) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("promptRouterArn", arn);
        view.put("mode", router.mode().tagValue());
        view.put("escalateOn", CascadeCheck.sorted(router.escalateOn()));
        if (router.escalateOn().contains(CascadeCheck.LOW_CONFIDENCE)) {
            view.put("minConfidence", router.minConfidence());
        }
        return view;
    }

    /** The router's ARN: as given, or the custom router of that id in {@code region} (the default region if null). */
    static String arn(OutcropConfig config, String router, String region) {
        if (Arn.looksLikeArn(router)) {
            return router;
        }
        String chosen = region != null ? region : config.account().defaultRegion();
        ProfileConfigApi.scope(config, "", chosen); // checks the region's form
        return Arn.of(config.account().partitionName(), chosen, config.account().id(), ResourceTypes.PROMPT_ROUTER,
                router).toString();
    }

    /** The scope a router ARN lives in. */
    static RequestScope scope(String arn) {
        Arn parsed = Arn.parse(arn).orElseThrow(() -> new ResourceNotFoundException(
                "The prompt router " + arn + " was not found."));
        return new RequestScope(parsed.partition(), parsed.account(), parsed.region());
    }

    /**
     * Sets the routers of the configuration file's {@code promptRouters.cascade} to cascade, when a node starts.
     *
     * @throws ConfigException naming every router that does not exist, before any is written
     */
    static void apply(PromptRoutersConfig configured, PromptRouterService routers) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < configured.cascade().size(); i++) {
            String arn = configured.cascade().get(i);
            if (routers.find(scope(arn), arn).isEmpty()) {
                errors.add("promptRouters.cascade[" + i + "]: no custom prompt router " + arn
                        + " (create it first, then start again)");
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        for (String arn : configured.cascade()) {
            routers.configure(scope(arn), arn, RoutingMode.CASCADE, configured.checks(),
                    configured.checks().contains(CascadeCheck.LOW_CONFIDENCE) ? configured.minConfidence() : null);
        }
    }
}
