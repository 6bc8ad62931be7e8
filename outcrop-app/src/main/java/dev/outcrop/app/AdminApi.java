package dev.outcrop.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import dev.outcrop.providers.simulator.Fault;
import dev.outcrop.providers.simulator.SimulatorFaults;
import dev.outcrop.routing.DeploymentRouter;
import dev.outcrop.routing.DeploymentStatus;
import dev.outcrop.server.admin.AdminEndpoint;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.server.protocol.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The resources of the admin API: deployment state and simulator faults. */
final class AdminApi {
    private AdminApi() {}

    record Deployments(List<DeploymentStatus> deployments) {}

    record FaultView(String region, String kind, Instant until, int afterTokens) {}

    record Faults(List<FaultView> faults) {}

    private static final String READ = "outcrop:GetDeployments";
    private static final String FAULTS = "outcrop:ManageFaults";
    private static final String IDENTITY = "outcrop:ManageIdentity";

    static AdminEndpoint endpoint(AdminEndpoint admin, DeploymentRouter router, SimulatorFaults faults,
                                  IdentityService identity, Workloads workloads) {
        return admin
                .route("GET", "deployments", READ, (labels, request, caller) -> new Deployments(filter(router.statuses(), request)))
                .route("GET", "simulator/faults", READ, (labels, request, caller) -> faults(faults))
                .route("PUT", "simulator/faults/{region}", FAULTS, (labels, request, caller) -> {
                    faults.set(labels.get("region"), fault(request));
                    return faults(faults);
                })
                .route("DELETE", "simulator/faults/{region}", FAULTS, (labels, request, caller) -> {
                    faults.clear(labels.get("region"));
                    return faults(faults);
                })
                .route("DELETE", "simulator/faults", FAULTS, (labels, request, caller) -> {
                    faults.clearAll();
                    return faults(faults);
                })
                .route("GET", "principals", IDENTITY, (labels, request, caller) -> Map.of("principals", identity.principals()))
                .route("POST", "principals", IDENTITY, (labels, request, caller) -> {
                    JsonNode body = body(request);
                    return identity.createPrincipal(required(body, "name"),
                            "role".equalsIgnoreCase(body.path("kind").asText("user")) ? Principal.Kind.ROLE : Principal.Kind.USER);
                })
                .route("DELETE", "principals/{name}", IDENTITY, (labels, request, caller) -> {
                    identity.deletePrincipal(labels.get("name"));
                    return Map.of();
                })
                .route("GET", "principals/{name}/access-keys", IDENTITY, (labels, request, caller) ->
                        Map.of("accessKeys", identity.accessKeys(labels.get("name"))))
                .route("POST", "principals/{name}/access-keys", IDENTITY, (labels, request, caller) ->
                        identity.createAccessKey(labels.get("name")))
                .route("POST", "principals/{name}/temporary-credentials", IDENTITY, (labels, request, caller) ->
                        identity.createTemporaryCredentials(labels.get("name"),
                                Duration.ofSeconds(body(request).path("durationSeconds").asLong(3600))))
                .route("PUT", "access-keys/{id}", IDENTITY, (labels, request, caller) -> {
                    identity.setAccessKeyActive(labels.get("id"), !"Inactive".equals(body(request).path("status").asText()));
                    return Map.of();
                })
                .route("GET", "principals/{name}/api-keys", IDENTITY, (labels, request, caller) ->
                        Map.of("apiKeys", identity.apiKeys(labels.get("name"))))
                .route("POST", "principals/{name}/api-keys", IDENTITY, (labels, request, caller) -> {
                    long days = body(request).path("days").asLong(30);
                    return identity.createApiKey(labels.get("name"), days == 0 ? null : Duration.ofDays(days));
                })
                .route("DELETE", "api-keys/{id}", IDENTITY, (labels, request, caller) -> {
                    identity.revokeApiKey(labels.get("id"));
                    return Map.of();
                })
                .route("GET", "principals/{name}/policies", IDENTITY, (labels, request, caller) ->
                        Map.of("policies", identity.storedPolicies(labels.get("name"))))
                .route("PUT", "principals/{name}/policies/{policy}", IDENTITY, (labels, request, caller) -> {
                    identity.putPolicy(labels.get("name"), labels.get("policy"),
                            new String(request.body(), java.nio.charset.StandardCharsets.UTF_8));
                    return Map.of();
                })
                .route("DELETE", "principals/{name}/policies/{policy}", IDENTITY, (labels, request, caller) -> {
                    identity.deletePolicy(labels.get("name"), labels.get("policy"));
                    return Map.of();
                })
                .route("POST", "workloads", IDENTITY, (labels, request, caller) -> {
                    JsonNode body = body(request);
                    String host = request.header("Host");
                    return workloads.create(required(body, "name"), required(body, "profile"),
                            body.path("region").asText(null), body.path("endpoint").asText(host == null ? null : "http://" + host));
                });
    }

    private static JsonNode body(WireRequest request) {
        if (request.body().length == 0) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode body = Json.mapper().readTree(request.body());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (IOException e) {
            // answered below
        }
        throw new ValidationException("The request body must be a JSON object.");
    }

    private static String required(JsonNode body, String member) {
        if (!body.path(member).isTextual() || body.path(member).asText().isBlank()) {
            throw new ValidationException("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return body.path(member).asText();
    }

    private static List<DeploymentStatus> filter(List<DeploymentStatus> statuses, WireRequest request) {
        String model = request.queryParameter("model");
        String region = request.queryParameter("region");
        return statuses.stream().filter(s -> model == null || s.modelId().equals(model))
                .filter(s -> region == null || s.region().equals(region)).toList();
    }

    private static Faults faults(SimulatorFaults faults) {
        return new Faults(faults.all().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new FaultView(e.getKey(), e.getValue().kind().name(), e.getValue().until(),
                        e.getValue().afterTokens())).toList());
    }

    /** {@code {"kind":"DOWN","durationMs":60000,"afterTokens":0}}; without a duration, until cleared. */
    private static Fault fault(WireRequest request) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(request.body());
        } catch (IOException e) {
            throw new ValidationException("The body must be a JSON object such as {\"kind\":\"DOWN\",\"durationMs\":60000}.");
        }
        if (body == null || !body.path("kind").isTextual()) {
            throw new ValidationException("'kind' is required: one of " + Arrays.toString(Fault.Kind.values()) + ".");
        }
        Fault.Kind kind;
        try {
            kind = Fault.Kind.valueOf(body.path("kind").asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("Value '" + body.path("kind").asText() + "' at 'kind' failed to satisfy "
                    + "constraint: Member must satisfy enum value set: " + Arrays.toString(Fault.Kind.values()));
        }
        long duration = body.path("durationMs").asLong(0);
        if (duration < 0 || body.path("afterTokens").asInt(0) < 0) {
            throw new ValidationException("'durationMs' and 'afterTokens' must not be negative.");
        }
        return new Fault(kind, duration == 0 ? null : Instant.now().plusMillis(duration), body.path("afterTokens").asInt(0));
    }
}
