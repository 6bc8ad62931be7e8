package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.store.JdbcCluster;
import dev.outcrop.store.PostgresServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrock.model.Tag;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/**
 * Three Outcrop nodes in three processes, started as the deployment guide starts them, sharing one real
 * PostgreSQL: what holds on one node holds on three, and a PostgreSQL restart under load loses no usage record
 * and counts none twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
    private static final String MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
    private static final long BUDGET_MICROS = 5_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StaticCredentialsProvider ROOT = TestOutcrop.CREDENTIALS;

    private PostgresServer postgres;
    private String storeUrl;
    private final List<OutcropProcess> nodes = new ArrayList<>();

    @BeforeAll
    void startCluster(@TempDir Path dir) throws Exception {
        postgres = PostgresServer.start(); // its own server: the last test restarts it
        storeUrl = postgres.newDatabase();
        Path config = Files.writeString(dir.resolve("outcrop.yaml"), """
                simulator: {timeToFirstTokenMs: 1, tokensPerSecond: 0}
                usage:
                  quotas:
                    - {name: team-quota, scope: "tag:team=quota", requestsPerMinute: 100}
                    - {name: carried-quota, scope: "tag:team=carried", requestsPerMinute: 30}
                    - {name: outage-quota, scope: "tag:team=outage", requestsPerMinute: 30}
                  budgets:
                    - {name: team-budget, scope: "tag:team=budget", period: monthly, limitUsd: %s}
                """.formatted(BUDGET_MICROS / 1e6));
        Map<String, String> env = Map.of("OUTCROP_MASTER_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        try (var starting = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<OutcropProcess>> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Path dataDir = dir.resolve("node" + i);
                started.add(starting.submit(() -> OutcropProcess.start(env, "--store", storeUrl, "--data-dir",
                        dataDir.toString(), "--config", config.toString())));
            }
            for (Future<OutcropProcess> node : started) {
                nodes.add(node.get(120, TimeUnit.SECONDS));
            }
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        for (OutcropProcess node : nodes) {
            node.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private BedrockClient bedrock(int node) {
        return BedrockClient.builder().endpointOverride(nodes.get(node).endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(ROOT).overrideConfiguration(TestOutcrop.noRetries()).build();
    }

    private BedrockRuntimeClient runtime(int node, StaticCredentialsProvider credentials) {
        return BedrockRuntimeClient.builder().endpointOverride(nodes.get(node).endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).overrideConfiguration(TestOutcrop.noRetries()).build();
    }

    private static ConverseResponse converse(BedrockRuntimeClient runtime, String modelId, String text) {
        return runtime.converse(r -> r.modelId(modelId).inferenceConfig(c -> c.maxTokens(50))
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build()));
    }

    private JsonNode admin(int node, String method, String path, String body) throws Exception {
        HttpResponse<String> response = SignedHttp.send(ROOT.resolveCredentials(), method,
                nodes.get(node).endpoint().resolve("/_outcrop/" + path), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode health(int node) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                nodes.get(node).endpoint().resolve("/_outcrop/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private String createProfile(int node, String name, String team) {
        try (BedrockClient bedrock = bedrock(node)) {
            return bedrock.createInferenceProfile(r -> r.inferenceProfileName(name).modelSource(s -> s.copyFrom(MODEL))
                    .tags(Tag.builder().key("team").value(team).build())).inferenceProfileArn();
        }
    }

    private String createUntaggedProfile(int node, String name) {
        try (BedrockClient bedrock = bedrock(node)) {
            return bedrock.createInferenceProfile(r -> r.inferenceProfileName(name).modelSource(s -> s.copyFrom(MODEL)))
                    .inferenceProfileArn();
        }
    }

    @Test
    @Order(1)
    void everyNodeSeesTheOthersAliveWithTheSameConfiguration() throws Exception {
        JsonNode cluster = admin(0, "GET", "cluster", "");
        assertThat(cluster.path("store").asText()).isEqualTo("postgresql");
        assertThat(cluster.path("nodes")).hasSize(3);
        assertThat(cluster.path("nodes")).allSatisfy(n -> {
            assertThat(n.path("status").asText()).isEqualTo("alive");
            assertThat(n.path("sameConfig").asBoolean()).isTrue();
        });
        Set<String> addresses = new java.util.HashSet<>();
        cluster.path("nodes").forEach(n -> addresses.add(n.path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(nodes.stream().map(n -> n.endpoint().toString()).toList());
        for (int i = 0; i < 3; i++) {
            assertThat(health(i).path("status").asText()).isEqualTo("ok");
        }
    }

    @Test
    @Order(2)
    void aProfileCreatedOnOneNodeIsReadOnEveryOtherAtOnceAndItsDeletionIsTooAtOnce() throws Exception {
        String arn = createProfile(0, "visible-everywhere", "visibility");
        try (BedrockClient b1 = bedrock(1); BedrockClient b2 = bedrock(2);
             BedrockRuntimeClient r2 = runtime(2, ROOT)) {
            assertThat(b1.getInferenceProfile(r -> r.inferenceProfileIdentifier(arn)).inferenceProfileName())
                    .isEqualTo("visible-everywhere");
            assertThat(b2.listInferenceProfiles(r -> r.typeEquals("APPLICATION")).inferenceProfileSummaries())
                    .anySatisfy(p -> assertThat(p.inferenceProfileArn()).isEqualTo(arn));
            assertThat(converse(r2, arn, "hello").stopReasonAsString()).isNotEmpty(); // node 2 now caches it

            b1.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key("env").value("test").build()));
            assertThat(b2.listTagsForResource(r -> r.resourceARN(arn)).tags())
                    .anySatisfy(t -> assertThat(t.key()).isEqualTo("env"));

            b1.deleteInferenceProfile(r -> r.inferenceProfileIdentifier(arn));
            assertThatThrownBy(() -> b2.getInferenceProfile(r -> r.inferenceProfileIdentifier(arn)))
                    .isInstanceOf(ResourceNotFoundException.class);
            // The runtime's cache on node 2 hears of the deletion by the change feed (bound: 5 s without it).
            awaitTrue(Duration.ofSeconds(5), () -> {
                try {
                    converse(r2, arn, "still there?");
                    return false;
                } catch (software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException gone) {
                    return true;
                }
            });
        }
    }

    @Test
    @Order(3)
    void aKeyDeactivatedOrAPolicyChangedOnOneNodeTakesEffectOnEveryNode() throws Exception {
        admin(0, "POST", "principals", "{\"name\":\"bob\"}");
        admin(0, "PUT", "principals/bob/policies/converse", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock:*","Resource":"*"}]}""");
        JsonNode key = admin(0, "POST", "principals/bob/access-keys", "");
        StaticCredentialsProvider bob = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                key.path("accessKeyId").asText(), key.path("secretAccessKey").asText()));
        String model = "us.anthropic.claude-3-haiku-20240307-v1:0";
        try (BedrockRuntimeClient onNode1 = runtime(1, bob); BedrockRuntimeClient onNode2 = runtime(2, bob)) {
            converse(onNode1, model, "allowed");
            admin(2, "PUT", "principals/bob/policies/converse", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"bedrock:Converse","Resource":"*"}]}""");
            awaitTrue(Duration.ofSeconds(5), () -> refused(() -> converse(onNode1, model, "denied?"),
                    software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException.class));

            admin(0, "PUT", "principals/bob/policies/converse", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock:*","Resource":"*"}]}""");
            awaitTrue(Duration.ofSeconds(5), () -> !refused(() -> converse(onNode2, model, "allowed again?"),
                    RuntimeException.class));
            admin(1, "PUT", "access-keys/" + key.path("accessKeyId").asText(), "{\"status\":\"Inactive\"}");
            awaitTrue(Duration.ofSeconds(5), () -> refused(() -> converse(onNode2, model, "key gone?"),
                    software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException.class));
        }
    }

    @Test
    @Order(4)
    void threeNodesSharingAOneHundredRequestsAMinuteQuotaLetThroughOneHundred() throws Exception {
        String arn = createProfile(0, "quota-profile", "quota");
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger throttled = new AtomicInteger();
        hammer(arn, 3 * 4, 25, (n, error) -> {
            if (error == null) {
                answered.incrementAndGet();
            } else if (error instanceof ThrottlingException) {
                throttled.incrementAndGet();
            } else {
                throw new AssertionError(error);
            }
        });
        assertThat(answered.get()).isEqualTo(100);
        assertThat(throttled.get()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aBudgetUnderConcurrentLoadOnThreeNodesEndsAtOrBelowItsLimit() throws Exception {
        String arn = createProfile(1, "budget-profile", "budget");
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        hammer(arn, 3 * 4, 40, (n, error) -> {
            if (error == null) {
                answered.incrementAndGet();
            } else if (error instanceof ServiceQuotaExceededException) {
                refused.incrementAndGet();
            } else {
                throw new AssertionError(error);
            }
        });
        awaitTrue(Duration.ofSeconds(30), this::allDelivered);
        long spent = sqlLong("SELECT COALESCE(SUM(cost_micros), 0) FROM usage_record WHERE application_profile_arn = '"
                + arn + "'");
        assertThat(refused.get()).isPositive();
        assertThat(answered.get()).isPositive();
        assertThat(spent).isLessThanOrEqualTo(BUDGET_MICROS).isGreaterThan(BUDGET_MICROS / 2);
        JsonNode budgets = admin(2, "GET", "budgets", "");
        JsonNode budget = budgets.path("budgets").get(0);
        assertThat(budget.path("spentMicros").asLong()).isEqualTo(spent);
        assertThat(budget.path("reservedMicros").asLong()).isZero();
    }

    @Test
    @Order(6)
    void aPostgresRestartUnderLoadLosesNoUsageRecordAndCountsNoneTwice() throws Exception {
        String arn = createProfile(2, "restart-profile", "restart");
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicInteger answeredWhileAway = new AtomicInteger();
        AtomicBoolean away = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 9; w++) {
                int node = w % 3;
                workers.add(pool.submit(() -> {
                    try (BedrockRuntimeClient runtime = runtime(node, ROOT)) {
                        for (int i = 0; !stop.get(); i++) {
                            try {
                                answered.add(converse(runtime, arn, "call " + i).responseMetadata().requestId());
                                if (away.get()) {
                                    answeredWhileAway.incrementAndGet();
                                }
                            } catch (RuntimeException e) {
                                errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                            }
                        }
                    }
                    return null;
                }));
            }
            awaitTrue(Duration.ofSeconds(30), () -> answered.size() > 300);
            postgres.stop(false); // a crash: every session cut at once
            away.set(true);
            awaitTrue(Duration.ofSeconds(30), () -> degraded(0) && degraded(1) && degraded(2));
            int before = answeredWhileAway.get();
            awaitTrue(Duration.ofSeconds(30), () -> answeredWhileAway.get() > before + 300);
            postgres.restart();
            away.set(false);
            int atReturn = answered.size();
            awaitTrue(Duration.ofSeconds(30), () -> answered.size() > atReturn + 300);
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        }
        awaitTrue(Duration.ofSeconds(60), this::allDelivered);

        assertThat(errors).isEmpty(); // the restart was invisible to callers
        Map<String, Long> recorded = new HashMap<>();
        try (Connection c = DriverManager.getConnection(PostgresServer.jdbcUrl(storeUrl), PostgresServer.USER, "");
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT request_id, COUNT(*) FROM usage_record "
                     + "WHERE application_profile_arn = '" + arn + "' GROUP BY request_id")) {
            while (rows.next()) {
                recorded.put(rows.getString(1), rows.getLong(2));
            }
        }
        assertThat(recorded.keySet()).containsExactlyInAnyOrderElementsOf(answered);
        assertThat(recorded.values()).containsOnly(1L);
    }

    /**
     * While PostgreSQL is down, a node answers every call it answered before through every kind of target (a
     * system profile, a foundation model, an untagged application profile), and a quota holds around the
     * outage: what the cluster admitted before it leaves nothing to the nodes while away, and what a node
     * admits while away is counted in the database's minute when it returns.
     */
    @Test
    @Order(7)
    void duringAnOutageEveryTargetIsServedAndQuotasHoldAroundIt() throws Exception {
        Thread.sleep(JdbcCluster.LIVENESS.toMillis() + 1_000); // the last test's restart: past the grace of shares
        String untagged = createUntaggedProfile(0, "untagged-profile");
        String carried = createProfile(0, "carried-profile", "carried");
        String outage = createProfile(0, "outage-profile", "outage");
        List<String> targets = List.of("us.anthropic.claude-3-haiku-20240307-v1:0",
                "anthropic.claude-3-haiku-20240307-v1:0", untagged);
        for (int node = 0; node < 3; node++) { // every node knows every target (3 calls of each quota counted)
            try (BedrockRuntimeClient runtime = runtime(node, ROOT)) {
                for (String target : List.of(targets.get(0), targets.get(1), targets.get(2), carried, outage)) {
                    converse(runtime, target, "before");
                }
            }
        }
        assertThat(calls(0, carried, 30)).isEqualTo(27);
        Thread.sleep(2_500); // two heartbeats: every node has seen the minute since
        postgres.stop(false);
        boolean restarted = false;
        try {
            awaitTrue(Duration.ofSeconds(30), () -> degraded(0) && degraded(1) && degraded(2));
            Map<String, Integer> errors = new HashMap<>();
            for (int node = 0; node < 3; node++) {
                try (BedrockRuntimeClient runtime = runtime(node, ROOT)) {
                    for (String target : targets) {
                        for (int i = 0; i < 3; i++) {
                            try {
                                converse(runtime, target, "while away");
                            } catch (RuntimeException e) {
                                errors.merge(target + ": " + e.getMessage(), 1, Integer::sum);
                            }
                        }
                    }
                }
            }
            assertThat(errors).isEmpty();
            assertThat(calls(1, carried, 10) + calls(2, carried, 10)).isZero(); // the cluster had used the minute
            long outageStarted = System.nanoTime();
            assertThat(calls(2, outage, 30)).isEqualTo(9); // its share of what was left: (30 - 3) / 3 nodes
            postgres.restart();
            restarted = true;
            awaitTrue(Duration.ofSeconds(30), this::allDelivered);
            Thread.sleep(JdbcCluster.LIVENESS.toMillis() + 1_000); // past the grace in which nodes admit by share
            int afterwards = calls(0, outage, 30);
            assertThat(Duration.ofNanos(System.nanoTime() - outageStarted)).as("still the same minute")
                    .isLessThan(Duration.ofSeconds(55));
            assertThat(afterwards).isEqualTo(30 - 3 - 9);
        } finally {
            if (!restarted) {
                postgres.restart();
            }
        }
    }

    /** {@code count} calls on {@code node} through {@code modelId}: how many were answered (the others throttled). */
    private int calls(int node, String modelId, int count) {
        int answered = 0;
        try (BedrockRuntimeClient runtime = runtime(node, ROOT)) {
            for (int i = 0; i < count; i++) {
                try {
                    converse(runtime, modelId, "call " + i);
                    answered++;
                } catch (ThrottlingException throttled) {
                    // refused by the quota
                }
            }
        }
        return answered;
    }

    private boolean degraded(int node) {
        try {
            return health(node).path("status").asText().equals("degraded");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean allDelivered() {
        try {
            for (int i = 0; i < nodes.size(); i++) {
                JsonNode health = health(i);
                if (!health.path("status").asText().equals("ok") || health.path("spooledRecords").asLong() != 0) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long sqlLong(String query) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresServer.jdbcUrl(storeUrl), PostgresServer.USER, "");
             Statement s = c.createStatement(); ResultSet row = s.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    interface Outcome {
        void seen(int call, RuntimeException error);
    }

    /** {@code workers} clients spread over the nodes, each making {@code calls} calls through {@code modelId}. */
    private void hammer(String modelId, int workers, int calls, Outcome outcome) throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int node = w % 3;
                running.add(pool.submit(() -> {
                    try (BedrockRuntimeClient runtime = runtime(node, ROOT)) {
                        for (int i = 0; i < calls; i++) {
                            try {
                                converse(runtime, modelId, "call " + i);
                                outcome.seen(i, null);
                            } catch (RuntimeException e) {
                                outcome.seen(i, e);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : running) {
                worker.get(120, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean refused(Runnable call, Class<? extends RuntimeException> expected) {
        try {
            call.run();
            return false;
        } catch (RuntimeException e) {
            return expected.isInstance(e);
        }
    }

    private static void awaitTrue(Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within);
            }
            Thread.sleep(25);
        }
    }
}
