package dev.outcrop.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.providers.simulator.Fault;
import dev.outcrop.providers.simulator.SimulatorFaults;
import dev.outcrop.routing.DeploymentRouter;
import dev.outcrop.routing.DeploymentStatus;
import dev.outcrop.server.admin.AdminEndpoint;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.server.protocol.Json;
import java.io.IOException;
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

    static AdminEndpoint endpoint(DeploymentRouter router, SimulatorFaults faults) {
        return new AdminEndpoint()
                .route("GET", "deployments", (labels, request) -> new Deployments(filter(router.statuses(), request)))
                .route("GET", "simulator/faults", (labels, request) -> faults(faults))
                .route("PUT", "simulator/faults/{region}", (labels, request) -> {
                    faults.set(labels.get("region"), fault(request));
                    return faults(faults);
                })
                .route("DELETE", "simulator/faults/{region}", (labels, request) -> {
                    faults.clear(labels.get("region"));
                    return faults(faults);
                })
                .route("DELETE", "simulator/faults", (labels, request) -> {
                    faults.clearAll();
                    return faults(faults);
                });
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
