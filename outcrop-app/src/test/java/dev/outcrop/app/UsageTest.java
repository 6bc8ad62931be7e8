package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.usage.UsageRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/** The ledger, budgets, quotas and cost allocation, driven by a real client. */
class UsageTest {
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String HAIKU_PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";
    /** Claude 3 Haiku's price in micro-dollars per 1,000 tokens. */
    private static final long HAIKU_INPUT = 250;
    private static final long HAIKU_OUTPUT = 1250;

    @TempDir
    Path dataDir;
    TestOutcrop outcrop;

    @AfterEach
    void stop() {
        if (outcrop != null) {
            outcrop.close();
        }
    }

    private TestOutcrop start(String usageYaml) {
        OutcropConfig config = usageYaml == null ? OutcropConfig.defaults()
                : ConfigLoader.parse("usage:\n" + usageYaml, "test");
        outcrop = TestOutcrop.start(config.withDataDir(dataDir));
        return outcrop;
    }

    private static Message user(String text) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
    }

    private List<UsageRecord> ledger() {
        return outcrop.outcrop().ledger().records(Instant.EPOCH, Instant.now().plusSeconds(60));
    }

    private static long handCost(long input, long output) {
        return (input * HAIKU_INPUT + output * HAIKU_OUTPUT + 999) / 1000;
    }

    @Test
    void theLedgerHoldsEveryCallWithTheTokensTheBackendReportedUnderConcurrency() throws Exception {
        start(null);
        Map<String, ConverseResponse> answered = new ConcurrentHashMap<>();
        try (BedrockRuntimeClient runtime = outcrop.runtime(); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int n = i;
                calls.add(pool.submit(() -> {
                    ConverseResponse response = runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("call number " + n))
                            .inferenceConfig(c -> c.maxTokens(5 + n)));
                    answered.put(response.responseMetadata().requestId(), response);
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }

        List<UsageRecord> records = ledger();
        assertThat(records).hasSize(60);
        for (UsageRecord record : records) {
            ConverseResponse response = answered.get(record.requestId());
            assertThat(response).as(record.requestId()).isNotNull();
            assertThat(record.inputTokens()).isEqualTo(response.usage().inputTokens().longValue());
            assertThat(record.outputTokens()).isEqualTo(response.usage().outputTokens().longValue());
            assertThat(record.outcome()).isEqualTo(UsageRecord.SUCCESS);
            assertThat(record.servedRegions()).hasSize(1).isSubsetOf("us-east-1", "us-west-2");
            assertThat(record.servedRegions().getFirst())
                    .isEqualTo(response.sdkHttpResponse().firstMatchingHeader("x-outcrop-served-region").orElseThrow());
            assertThat(record.costMicros()).isEqualTo(handCost(record.inputTokens(), record.outputTokens()));
            assertThat(record.principal()).isEqualTo("root");
            assertThat(record.modelIdCalled()).isEqualTo(HAIKU_PROFILE);
            assertThat(record.foundationModel()).isEqualTo(HAIKU);
        }
    }

    @Test
    void aBudgetUnderFiftyConcurrentCallsEndsAtOrBelowItsLimit() throws Exception {
        start("""
                  budgets:
                    - name: root-daily
                      scope: principal:root
                      period: daily
                      limitUsd: 0.002
                """);
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
        try (BedrockRuntimeClient runtime = outcrop.runtime(); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                calls.add(pool.submit(() -> {
                    try {
                        runtime.converse(r -> r.modelId(HAIKU).messages(user("spend " + n)).inferenceConfig(c -> c.maxTokens(100)));
                        served.incrementAndGet();
                    } catch (ServiceQuotaExceededException e) {
                        assertThat(e.getMessage()).contains("The budget 'root-daily'").contains("cannot cover this call");
                        refused.incrementAndGet();
                    } catch (RuntimeException e) {
                        unexpected.add(e);
                    }
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }

        assertThat(unexpected).isEmpty();
        assertThat(served.get()).isPositive();
        assertThat(refused.get()).isPositive();
        long spent = ledger().stream().mapToLong(UsageRecord::costMicros).sum();
        assertThat(spent).isLessThanOrEqualTo(2000);
        assertThat(ledger()).filteredOn(r -> r.outcome().equals("ServiceQuotaExceededException")).hasSize(refused.get());
    }

    @Test
    void aQuotaRefusesTheCallsOverItsRateAsBedrockDoes() {
        start("""
                  quotas:
                    - name: five-a-minute
                      scope: principal:root
                      requestsPerMinute: 5
                """);
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            for (int i = 0; i < 5; i++) {
                runtime.converse(r -> r.modelId(HAIKU).messages(user("within")));
            }
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(user("over"))))
                    .isInstanceOfSatisfying(ThrottlingException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.getMessage()).startsWith("Too many requests, please wait before trying again.")
                                .contains("five-a-minute");
                    });
        }
        assertThat(ledger()).extracting(UsageRecord::outcome).containsOnly("Success", "ThrottlingException")
                .filteredOn("ThrottlingException"::equals).hasSize(1);
    }

    @Test
    void groupingByATagMatchesAHandComputation() throws Exception {
        start(null);
        Map<String, String> profileTeam = new java.util.HashMap<>();
        try (BedrockClient bedrock = outcrop.bedrock()) {
            for (String team : List.of("search", "ads")) {
                profileTeam.put(bedrock.createInferenceProfile(r -> r.inferenceProfileName("team-" + team)
                        .tags(t -> t.key("team").value(team))
                        .modelSource(s -> s.copyFrom("arn:aws:bedrock:us-east-1:123456789012:inference-profile/" + HAIKU_PROFILE)))
                        .inferenceProfileArn(), team);
            }
        }
        Map<String, long[]> expected = new java.util.TreeMap<>();
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            int n = 0;
            for (var entry : profileTeam.entrySet()) {
                for (int i = 0; i < (entry.getValue().equals("search") ? 7 : 3); i++) {
                    String text = "question " + n++;
                    ConverseResponse response = runtime.converse(r -> r.modelId(entry.getKey()).messages(user(text)));
                    long[] totals = expected.computeIfAbsent(entry.getValue(), k -> new long[4]);
                    totals[0]++;
                    totals[1] += response.usage().inputTokens();
                    totals[2] += response.usage().outputTokens();
                    totals[3] += handCost(response.usage().inputTokens(), response.usage().outputTokens());
                }
            }
            runtime.converse(r -> r.modelId(HAIKU).messages(user("untagged")));
        }

        JsonNode report = new ObjectMapper().readTree(outcrop.adminGet("/_outcrop/usage?groupBy=tag:team&granularity=total"));
        Map<String, JsonNode> rows = new java.util.HashMap<>();
        report.path("rows").forEach(row -> rows.put(row.path("group").asText(), row));
        assertThat(rows.keySet()).containsExactlyInAnyOrder("search", "ads", "(untagged)");
        expected.forEach((team, totals) -> {
            JsonNode row = rows.get(team);
            assertThat(row.path("calls").asLong()).isEqualTo(totals[0]);
            assertThat(row.path("inputTokens").asLong()).isEqualTo(totals[1]);
            assertThat(row.path("outputTokens").asLong()).isEqualTo(totals[2]);
            assertThat(row.path("costUsd").asDouble()).isCloseTo(totals[3] / 1_000_000.0, org.assertj.core.data.Offset.offset(1e-9));
        });
        String csv = outcrop.adminGet("/_outcrop/usage?groupBy=tag:team&granularity=daily&format=csv");
        assertThat(csv).startsWith("period,group,calls,errors,input_tokens,output_tokens,cache_read_input_tokens,"
                + "cache_write_input_tokens,cost_usd\n").contains(",search,7,0,");
    }

    @Test
    void requestMetadataIsRecordedWithTheCallAndGroupsTheCostReport() throws Exception {
        start(null);
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            for (String tenant : List.of("acme", "acme", "globex")) {
                runtime.converse(r -> r.modelId(HAIKU).messages(user("hello " + tenant))
                        .requestMetadata(Map.of("tenant", tenant, "feature", "chat")));
            }
            runtime.converse(r -> r.modelId(HAIKU).messages(user("no metadata")));
        }

        assertThat(ledger()).extracting(UsageRecord::requestMetadata).containsExactlyInAnyOrder(
                Map.of("tenant", "acme", "feature", "chat"), Map.of("tenant", "acme", "feature", "chat"),
                Map.of("tenant", "globex", "feature", "chat"), Map.of());
        JsonNode report = new ObjectMapper().readTree(outcrop.adminGet(
                "/_outcrop/usage?groupBy=metadata:tenant&granularity=total"));
        Map<String, Long> calls = new java.util.HashMap<>();
        report.path("rows").forEach(row -> calls.put(row.path("group").asText(), row.path("calls").asLong()));
        assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("acme", 2L, "globex", 1L, "(none)", 1L));
    }

    @Test
    void metricsCountInvocationsTokensAndErrorsPerModelAndProfile() {
        start(null);
        long input = 0;
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            for (int i = 0; i < 3; i++) {
                input += runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("m"))).usage().inputTokens();
            }
            outcrop.outcrop().simulatorFaults().set("us-east-1", new dev.outcrop.providers.simulator.Fault(
                    dev.outcrop.providers.simulator.Fault.Kind.FAIL, null, 0));
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(user("m"))))
                    .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException.class);
        }

        String metrics = outcrop.adminGet("/_outcrop/metrics");
        String profile = "model_id=\"" + HAIKU + "\",profile=\"" + HAIKU_PROFILE + "\"";
        assertThat(metrics).contains("bedrock_invocations_total{" + profile + "} 3")
                .contains("bedrock_input_tokens_total{" + profile + "} " + input)
                .contains("bedrock_invocation_latency_seconds_count{" + profile + "} 3")
                .contains("bedrock_invocation_server_errors_total{model_id=\"" + HAIKU + "\",profile=\"\"} 1")
                .contains("outcrop_deployment_up{model_id=\"" + HAIKU + "\",region=\"us-east-1\"")
                .contains("outcrop_ledger_backlog ")
                .containsPattern("outcrop_ledger_commits_total [1-9]")
                .doesNotContain("\"m\"");
    }

    @Test
    void converseAndInvokeModelAnswersArriveOnlyOnceTheirRecordsAreDurable() {
        start(null);
        String anthropicBody = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":8,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            for (int i = 1; i <= 5; i++) {
                String converseId = runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("m")))
                        .responseMetadata().requestId();
                assertThat(ledger()).hasSize(2 * i - 1).anyMatch(record -> record.requestId().equals(converseId));
                String invokeId = runtime.invokeModel(r -> r.modelId(HAIKU_PROFILE).contentType("application/json")
                        .body(software.amazon.awssdk.core.SdkBytes.fromUtf8String(anthropicBody))).responseMetadata().requestId();
                assertThat(ledger()).hasSize(2 * i).anyMatch(record -> record.requestId().equals(invokeId));
            }
        }
    }

    @Test
    void anAnswerWhoseRecordCannotBeStoredIsAnInternalErrorNotASuccess() {
        start(null);
        outcrop.outcrop().ledger().close(); // every append now fails
        try (BedrockRuntimeClient runtime = outcrop.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(user("m"))))
                    .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.InternalServerException.class)
                    .hasMessageContaining("The usage record of this call could not be stored; the call is not complete.");
        }
    }

    @Test
    void aStreamedCallIsRecordedBeforeItsFinalEventReachesTheClient() {
        start(null);
        List<String> seenWhenMetadataArrived = new ArrayList<>();
        try (var async = outcrop.runtimeAsyncH2c()) {
            async.converseStream(r -> r.modelId(HAIKU_PROFILE).messages(user("stream")),
                    software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler.builder()
                            .subscriber(software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler
                                    .Visitor.builder().onMetadata(m -> seenWhenMetadataArrived.add(
                                            ledger().size() + " records, " + m.usage().outputTokens())).build()).build()).join();
        }

        assertThat(seenWhenMetadataArrived).hasSize(1);
        assertThat(seenWhenMetadataArrived.getFirst()).startsWith("1 records");
        assertThat(ledger().getFirst().operation()).isEqualTo("ConverseStream");
        assertThat(ledger().getFirst().firstTokenMillis()).isNotNegative();
    }
}
