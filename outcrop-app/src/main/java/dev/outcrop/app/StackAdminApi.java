package dev.outcrop.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.app.cloudformation.StackAuthorities;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.server.admin.AdminBody;
import dev.outcrop.server.admin.AdminEndpoint;
import dev.outcrop.stack.StackStore;
import dev.outcrop.stacks.StackEngine;
import dev.outcrop.stacks.template.Limits;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The admin API's stacks, what {@code outcrop stacks} does over HTTP: {@code PUT /_outcrop/stacks/{name}} deploys a
 * template (creates the stack, or updates it), {@code GET} lists and describes, {@code .../events} tells what
 * happened, {@code DELETE} deletes. A stack lives in a region: the body's {@code region} for a deploy, the query
 * parameter {@code region} otherwise, the account's default region when absent.
 */
final class StackAdminApi {
    static final String READ = "outcrop:DescribeStacks";
    static final String WRITE = "outcrop:ManageStacks";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final ObjectMapper JSON = JsonMappers.mapper();

    private StackAdminApi() {}

    static void register(AdminEndpoint admin, StackEngine stacks, StackAuthorities authorities, OutcropConfig config) {
        admin.route("GET", "stacks", READ, (labels, request, caller) -> {
            RequestScope scope = scope(config, request.queryParameter("region"));
            return Map.of("stacks", stacks.list(scope).stream().map(StackAdminApi::summary).toList());
        }).route("PUT", "stacks/{name}", WRITE, (labels, request, caller) -> {
            AdminBody body = AdminBody.parse(request.body(), "templateBody", "parameters", "region", "skipUnsupported");
            JsonNode document = AdminBody.object(request.body());
            RequestScope scope = scope(config, body.optionalString("region"));
            String template = Limits.templateBody(body.requiredString("templateBody"),
                    Limits.MAX_TEMPLATE_FILE_BYTES, "templateBody");
            StackStore.StoredStack stack = stacks.deploy(new StackEngine.DeployRequest(scope, labels.get("name"),
                    template, parameters(document.get("parameters")), flag(document.get("skipUnsupported")),
                    authorities.of(caller, scope.region())));
            return view(stacks, scope, stack);
        }).route("GET", "stacks/{name}", READ, (labels, request, caller) -> {
            RequestScope scope = scope(config, request.queryParameter("region"));
            return view(stacks, scope, existing(stacks, scope, labels.get("name")));
        }).route("GET", "stacks/{name}/events", READ, (labels, request, caller) -> {
            RequestScope scope = scope(config, request.queryParameter("region"));
            StackStore.StoredStack stack = existing(stacks, scope, labels.get("name"));
            return Map.of("stackName", stack.name(), "events", stacks.events(scope, stack.stackId()).stream()
                    .map(StackAdminApi::event).toList());
        }).route("DELETE", "stacks/{name}", WRITE, (labels, request, caller) -> {
            AdminBody.parse(request.body());
            RequestScope scope = scope(config, request.queryParameter("region"));
            StackStore.StoredStack stack = existing(stacks, scope, labels.get("name"));
            return summary(stacks.delete(scope, stack.stackId(), authorities.of(caller, scope.region())));
        });
    }

    private static StackStore.StoredStack existing(StackEngine stacks, RequestScope scope, String name) {
        try {
            StackStore.StoredStack stack = stacks.describe(scope, name);
            if (!name.startsWith("arn:") && stack.status().equals(StackStore.DELETE_COMPLETE)) {
                throw new ValidationException("deleted");
            }
            return stack;
        } catch (ValidationException e) {
            throw new ResourceNotFoundException("No stack named " + name + " in " + scope.region() + ".");
        }
    }

    private static Map<String, String> parameters(JsonNode parameters) {
        Map<String, String> values = new LinkedHashMap<>();
        if (parameters == null) {
            return values;
        }
        if (!parameters.isObject()) {
            throw AdminBody.error(parameters.toString(), "parameters", "Member must be an object of strings");
        }
        if (parameters.size() > Limits.MAX_PARAMETERS) {
            throw AdminBody.error(null, "parameters", "Member must have at most " + Limits.MAX_PARAMETERS + " entries");
        }
        parameters.properties().forEach(p -> {
            if (!p.getValue().isTextual()) {
                throw AdminBody.error(p.getValue().toString(), "parameters." + p.getKey(), "Member must be a string");
            }
            values.put(p.getKey(), p.getValue().textValue());
        });
        return values;
    }

    private static boolean flag(JsonNode value) {
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw AdminBody.error(value.toString(), "skipUnsupported", "Member must be a boolean");
        }
        return value.booleanValue();
    }

    private static RequestScope scope(OutcropConfig config, String region) {
        if (region != null && !REGION.matcher(region).matches()) {
            throw AdminBody.error(region, "region", "Member must satisfy regular expression pattern: " + REGION.pattern());
        }
        return new RequestScope(config.account().partitionName(), config.account().id(),
                region != null ? region : config.account().defaultRegion());
    }

    private static Map<String, Object> summary(StackStore.StoredStack stack) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("stackName", stack.name());
        view.put("stackId", stack.stackId());
        view.put("region", stack.region());
        view.put("status", stack.status());
        view.put("statusReason", stack.statusReason());
        view.put("description", stack.description());
        view.put("createdAt", stack.createdAt().toString());
        view.put("updatedAt", stack.updatedAt().toString());
        return view;
    }

    /** The stack with its parameters ({@code NoEcho} ones masked), outputs and resources; never an attribute. */
    private static Map<String, Object> view(StackEngine stacks, RequestScope scope, StackStore.StoredStack stack) {
        Map<String, Object> view = summary(stack);
        view.put("parameters", StackEngine.shownParameters(stack));
        view.put("outputs", read(stack.outputsJson()));
        List<Map<String, Object>> resources = stacks.resources(scope, stack.stackId()).stream().map(r -> {
            Map<String, Object> resource = new LinkedHashMap<>();
            resource.put("logicalId", r.logicalId());
            resource.put("type", r.type());
            resource.put("physicalId", r.physicalId().isEmpty() ? null : r.physicalId());
            resource.put("status", r.status());
            resource.put("statusReason", r.statusReason());
            resource.put("updatedAt", r.updatedAt().toString());
            return resource;
        }).toList();
        view.put("resources", resources);
        return view;
    }

    private static Map<String, Object> event(StackStore.StackEvent e) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", e.eventId());
        event.put("timestamp", e.timestamp().toString());
        event.put("logicalId", e.logicalId());
        event.put("type", e.type());
        event.put("physicalId", e.physicalId() == null || e.physicalId().isEmpty() ? null : e.physicalId());
        event.put("status", e.status());
        event.put("reason", e.reason());
        return event;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored stack document does not parse", e);
        }
    }
}
