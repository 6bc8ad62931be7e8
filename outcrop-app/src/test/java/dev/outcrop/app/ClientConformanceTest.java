package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * The conformance stage: a real {@code outcrop serve} (port 0, its own data directory) driven by every AWS client
 * as it ships, each through the same scenario: the AWS SDK for JavaScript v3 on its default handlers
 * (conformance/scenario.mjs, HTTP/2 for the runtime), boto3 (conformance/scenario_boto3.py), the AWS CLI, and
 * the AWS SDK for Java v2 over Apache, URL-connection, Netty h2c and Netty HTTP/1.1. It prints one line a client
 * and check, ending with {@code N passed, N failed}, and fails on any failed check. A client missing from the
 * machine is reported as skipped, by name, never left out silently: .ci/run installs Node.js and the pinned
 * JavaScript SDK; boto3 and the AWS CLI are used where the machine has them.
 */
class ClientConformanceTest {
    private static final Path CONFORMANCE = Path.of("..", "conformance").toAbsolutePath().normalize();
    private static final long SCRIPT_TIMEOUT_SECONDS = 300;

    @Test
    void everyAwsClientAsItShipsPassesTheSameScenario(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("outcrop.yaml"),
                "simulator:\n  timeToFirstTokenMs: 0\n  tokensPerSecond: 0\n");
        List<String> clients = new ArrayList<>(List.of("javascript", "boto3", "aws-cli"));
        Arrays.stream(JavaSdkVariant.values()).map(JavaSdkVariant::client).forEach(clients::add);
        ConformanceReport report = new ConformanceReport(clients);
        try (OutcropProcess outcrop = OutcropProcess.start(Map.of(), "--data-dir", dir.resolve("data").toString(),
                "--config", config.toString());
             ExecutorService processes = Executors.newFixedThreadPool(3)) {
            ConformanceFixture fixture = ConformanceFixture.create(outcrop.endpoint(),
                    AwsBasicCredentials.create(TestOutcrop.ROOT_KEY, TestOutcrop.ROOT_SECRET));
            // The clients that run as processes of their own mostly wait (for their runtime to start, for a retry's
            // back-off): they run beside one another and beside the Java SDK's variants, one after the other.
            List<Future<?>> running = List.of(
                    processes.submit(timed("javascript", () -> script(report, fixture, "javascript", "node",
                            List.of("node", "scenario.mjs"),
                            Files.isDirectory(CONFORMANCE.resolve("node_modules/@aws-sdk/client-bedrock-runtime"))
                                    ? null : "the JavaScript SDK is not installed: npm ci --prefix conformance"))),
                    processes.submit(timed("boto3", () -> script(report, fixture, "boto3", "python3",
                            List.of("python3", "scenario_boto3.py"), null))),
                    processes.submit(timed("aws-cli", () -> AwsCliScenario.run(fixture, report, dir))));
            for (JavaSdkVariant variant : JavaSdkVariant.values()) {
                timed(variant.client(), () -> JavaSdkScenario.run(variant, fixture, report)).call();
            }
            for (Future<?> client : running) {
                client.get(2 * SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
        System.out.println("Conformance of the AWS clients:\n" + report.text());

        assertThat(report.failed()).as(report.text()).isZero();
        assertThat(report.passedBy("java-async-netty-h2c")).as(report.text()).isPositive();
    }

    private interface Client {
        void run() throws Exception;
    }

    /** One client's scenario, saying how long it took (the stage must stay small: see docs/development.md). */
    private static Callable<Void> timed(String client, Client run) {
        return () -> {
            long start = System.nanoTime();
            run.run();
            System.out.printf("conformance: %s took %.1f s%n", client, (System.nanoTime() - start) / 1e9);
            return null;
        };
    }

    /** Runs a scenario script of conformance/ with {@code runtime}, each line it prints a line of the report. */
    private static void script(ConformanceReport report, ConformanceFixture fixture, String client, String runtime,
                               List<String> command, String missing) throws Exception {
        if (!ClientProcess.available(runtime)) {
            report.skip(client, "every check: " + runtime + " is not on the PATH");
            return;
        }
        if (missing != null) {
            report.skip(client, "every check: " + missing);
            return;
        }
        ClientProcess.Result result = ClientProcess.run(command, CONFORMANCE, fixture.environment(client), SCRIPT_TIMEOUT_SECONDS);
        result.out().lines().forEach(line -> report.record(client, line));
        if (result.exitCode() != 0) {
            report.fail(client, "the scenario ran to its end", "exit " + result.exitCode() + ": " + result.err());
        }
    }
}
