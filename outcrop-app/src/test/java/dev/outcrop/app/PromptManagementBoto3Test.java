package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt management through boto3's bedrock-agent client ({@code src/test/python/prompt_management.py}): every
 * operation, the idempotency token, version immutability, tags, pagination, Converse and ConverseStream through a
 * version, and the errors, each a check of the script. Skipped, and reported as skipped, where python3 with boto3 is absent.
 */
class PromptManagementBoto3Test {
    private static final Path SCRIPT = Path.of("src", "test", "python", "prompt_management.py").toAbsolutePath();
    @TempDir
    Path dataDir;

    @Test
    void boto3ManagesPromptsWithEveryOperationAndGetsEveryErrorByName() throws Exception {
        assumeTrue(Boto3Scripts.boto3Installed(), "python3 with boto3 is not installed: prompts through boto3 not tested");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            String[] lines = Boto3Scripts.run(SCRIPT, outcrop).strip().split("\n");

            assertThat(Arrays.stream(lines).filter(l -> !l.startsWith("PASS "))).as(String.join("\n", lines)).isEmpty();
            assertThat(lines).hasSize(10);
        }
    }
}
