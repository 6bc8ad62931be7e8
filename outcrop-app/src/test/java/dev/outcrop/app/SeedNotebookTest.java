package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed notebook's cells, run by boto3 as written (scripts/seeds), against a real server. Skipped,
 * and reported as skipped, where python3 with boto3 is not installed.
 */
class SeedNotebookTest {
    private static final Path SCRIPTS = Path.of("..", "scripts", "seeds").toAbsolutePath().normalize();

    @TempDir
    Path dataDir;

    private static String run(String script, TestOutcrop outcrop) throws Exception {
        return Boto3Scripts.run(SCRIPTS.resolve(script), outcrop);
    }

    private static boolean boto3Installed() {
        return Boto3Scripts.boto3Installed();
    }

    @Test
    void theControlPlaneCellsRunAsWritten() throws Exception {
        assumeTrue(boto3Installed(), "python3 with boto3 is not installed");
        assumeTrue(Files.exists(SCRIPTS.resolve("notebook_control_plane.py")));
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            String output = run("notebook_control_plane.py", outcrop);

            assertThat(output).contains("System-Defined Inference Profiles:")
                    .contains("Name: US Anthropic Claude 3 Sonnet")
                    .contains("System Profile Details:")
                    .contains("✓ Created application profile: arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/")
                    .contains("Application Inference Profiles:");
        }
    }

    @Test
    void theConverseCellsRunAsWritten() throws Exception {
        assumeTrue(boto3Installed(), "python3 with boto3 is not installed");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            String output = run("notebook_runtime.py", outcrop);

            assertThat(output).contains("System Profile Response:").contains("Stop Reason: end_turn")
                    .contains("Application Profile Response:").contains("System Profile Latency:");
            assertThat(output).doesNotContain("Application profiles may not be available in all regions");
        }
    }
}
