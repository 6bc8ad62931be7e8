package dev.outcrop.app;

import dev.outcrop.iam.TrustPolicy;
import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import dev.outcrop.invoke.DeploymentRouter;
import dev.outcrop.invoke.DeploymentStatus;
import dev.outcrop.providers.simulator.Fault;
import dev.outcrop.providers.simulator.SimulatorFaults;
import dev.outcrop.server.admin.AdminBody;
import dev.outcrop.server.admin.AdminEndpoint;
import dev.outcrop.server.http.WireRequest;
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
    private static final List<String> ACCESS_KEY_STATUSES = List.of("Active", "Inactive");
    private static final List<String> PRINCIPAL_KINDS = List.of("user", "role");
    private static final long DEFAULT_TEMPORARY_SECONDS = 3600;
    private static final long DEFAULT_API_KEY_DAYS = 30;
    /** A fault lasts at most a year; longer is until cleared (no duration). */
    private static final long MAX_FAULT_MILLIS = Duration.ofDays(366).toMillis();

    static AdminEndpoint endpoint(AdminEndpoint admin, DeploymentRouter router, SimulatorFaults faults,
                                  IdentityService identity, Workloads workloads, String partition, String accountId) {
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
                    AdminBody body = AdminBody.parse(request.body(), "name", "kind", "assumeRolePolicyDocument");
                    String name = body.requiredString("name");
                    boolean role = body.optionalEnum("kind", PRINCIPAL_KINDS, "user").equals("role");
                    String trust = body.optionalString("assumeRolePolicyDocument");
                    if (trust == null && role) { // as before trust policies: the account, through its own policies
                        trust = TrustPolicy.trustingAccount(partition, accountId);
                    }
                    return identity.createPrincipal(name, role ? Principal.Kind.ROLE : Principal.Kind.USER, trust);
                })
                .route("GET", "principals/{name}/trust-policy", IDENTITY, (labels, request, caller) -> {
                    Map<String, String> answer = new java.util.HashMap<>();
                    answer.put("assumeRolePolicyDocument", identity.trustPolicyDocument(labels.get("name")).orElse(null));
                    return answer;
                })
                .route("PUT", "principals/{name}/trust-policy", IDENTITY, (labels, request, caller) -> {
                    identity.setTrustPolicy(labels.get("name"),
                            new String(request.body(), java.nio.charset.StandardCharsets.UTF_8));
                    return Map.of();
                })
                .route("DELETE", "principals/{name}", IDENTITY, (labels, request, caller) -> {
                    identity.deletePrincipal(labels.get("name"));
                    return Map.of();
                })
                .route("GET", "principals/{name}/access-keys", IDENTITY, (labels, request, caller) ->
                        Map.of("accessKeys", identity.accessKeys(labels.get("name"))))
                .route("POST", "principals/{name}/access-keys", IDENTITY, (labels, request, caller) -> {
                    AdminBody.parse(request.body());
                    return identity.createAccessKey(labels.get("name"));
                })
                .route("POST", "principals/{name}/temporary-credentials", IDENTITY, (labels, request, caller) -> {
                    long seconds = AdminBody.parse(request.body(), "durationSeconds").optionalLong("durationSeconds", 1,
                            IdentityService.MAX_TEMPORARY_LIFETIME.toSeconds(), DEFAULT_TEMPORARY_SECONDS);
                    return identity.createTemporaryCredentials(labels.get("name"), Duration.ofSeconds(seconds));
                })
                .route("PUT", "access-keys/{id}", IDENTITY, (labels, request, caller) -> {
                    String status = AdminBody.parse(request.body(), "status").requiredEnum("status", ACCESS_KEY_STATUSES);
                    identity.setAccessKeyActive(labels.get("id"), status.equals("Active"));
                    return Map.of();
                })
                .route("GET", "principals/{name}/api-keys", IDENTITY, (labels, request, caller) ->
                        Map.of("apiKeys", identity.apiKeys(labels.get("name"))))
                .route("POST", "principals/{name}/api-keys", IDENTITY, (labels, request, caller) -> {
                    long days = AdminBody.parse(request.body(), "days").optionalLong("days", 0,
                            IdentityService.MAX_API_KEY_DAYS, DEFAULT_API_KEY_DAYS);
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
                    AdminBody body = AdminBody.parse(request.body(), "name", "profile", "region", "endpoint");
                    String host = request.header("Host");
                    String endpoint = body.optionalString("endpoint");
                    return workloads.create(body.requiredString("name"), body.requiredString("profile"),
                            body.optionalString("region"), endpoint != null ? endpoint : host == null ? null : "http://" + host);
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

    /**
     * {@code {"kind":"DOWN","durationMs":60000,"afterTokens":0}}; without a duration, until cleared. The kind
     * is read in any case ({@code down}).
     */
    private static Fault fault(WireRequest request) {
        AdminBody body = AdminBody.parse(request.body(), "kind", "durationMs", "afterTokens");
        String kindName = body.requiredString("kind");
        Fault.Kind kind;
        try {
            kind = Fault.Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AdminBody.error(kindName, "kind", "Member must satisfy enum value set: "
                    + Arrays.toString(Fault.Kind.values()));
        }
        long duration = body.optionalLong("durationMs", 0, MAX_FAULT_MILLIS, 0);
        int afterTokens = (int) body.optionalLong("afterTokens", 0, Integer.MAX_VALUE, 0);
        return new Fault(kind, duration == 0 ? null : Instant.now().plusMillis(duration), afterTokens);
    }
}
