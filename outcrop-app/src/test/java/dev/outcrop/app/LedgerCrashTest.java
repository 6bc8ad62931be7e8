package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.store.Database;
import dev.outcrop.store.JdbcLedger;
import dev.outcrop.usage.UsageRecord;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * A real Outcrop process, killed with SIGKILL under load and restarted: every call the client saw
 * answered has its usage record, whether records are synced to disk before answers or only written to the
 * operating system (which a killed process cannot lose).
 */
class LedgerCrashTest {
    @TempDir
    Path dir;

    private static OutcropProcess startServer(Path dataDir, Path config) throws Exception {
        return OutcropProcess.start(java.util.Map.of(), "--data-dir", dataDir.toString(), "--config", config.toString());
    }

    @ParameterizedTest(name = "usage.durability: {0}")
    @ValueSource(strings = {"disk", "os"})
    void aServerKilledUnderLoadLosesNoRecordOfAnAnsweredCall(String durability) throws Exception {
        Path dataDir = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("outcrop.yaml"), "simulator: {timeToFirstTokenMs: 2, tokensPerSecond: 0}\n"
                + "usage: {durability: " + durability + "}\n");
        OutcropProcess server = startServer(dataDir, config);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        AtomicBoolean killed = new AtomicBoolean();
        try {
            URI endpoint = server.endpoint();
            try (BedrockRuntimeClient runtime = BedrockRuntimeClient.builder().endpointOverride(endpoint)
                    .region(Region.US_EAST_1).credentialsProvider(TestOutcrop.CREDENTIALS)
                    .overrideConfiguration(TestOutcrop.noRetries()).build();
                 var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    int worker = w;
                    workers.add(pool.submit(() -> {
                        for (int i = 0; i < 10_000 && !killed.get(); i++) {
                            int n = i;
                            try {
                                var response = runtime.converse(r -> r.modelId("us.anthropic.claude-3-haiku-20240307-v1:0")
                                        .messages(Message.builder().role(ConversationRole.USER)
                                                .content(ContentBlock.fromText("worker " + worker + " call " + n)).build()));
                                answered.add(response.responseMetadata().requestId());
                            } catch (RuntimeException e) {
                                return; // the server is gone
                            }
                        }
                    }));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (answered.size() < 300) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the workers were answered only " + answered.size() + " times");
                    }
                    Thread.sleep(10);
                }
                server.kill(); // SIGKILL: no shutdown hook, no flush
                killed.set(true);
                for (Future<?> worker : workers) {
                    worker.get(60, TimeUnit.SECONDS);
                }
            }
        } finally {
            server.kill();
        }

        startServer(dataDir, config).close(); // a restart recovers the database

        Set<String> recorded;
        try (Database database = Database.sqlite(dataDir); JdbcLedger ledger = new JdbcLedger(database)) {
            recorded = ledger.records(Instant.EPOCH, Instant.now().plusSeconds(60)).stream()
                    .map(UsageRecord::requestId).collect(Collectors.toSet());
        }
        assertThat(answered).hasSizeGreaterThanOrEqualTo(300);
        assertThat(recorded).containsAll(answered);
    }
}
