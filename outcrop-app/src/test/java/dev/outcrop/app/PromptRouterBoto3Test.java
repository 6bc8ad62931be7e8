package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt routers through boto3 ({@code src/test/python/prompt_routers.py}): the control plane and its errors,
 * Converse and ConverseStream through a default and a custom router. Skipped where python3 with boto3 is absent.
 */
class PromptRouterBoto3Test {
    private static final Path SCRIPT = Path.of("src", "test", "python", "prompt_routers.py").toAbsolutePath();
    private static final String HAIKU = PromptRouterControlPlaneTest.HAIKU;
    private static final String SONNET = PromptRouterControlPlaneTest.SONNET;

    @TempDir
    Path dataDir;

    @Test
    void boto3ManagesRoutersAndLearnsWhichModelServed() throws Exception {
        assumeTrue(Boto3Scripts.boto3Installed(), "python3 with boto3 is not installed: routers through boto3 not tested");
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            String output = Boto3Scripts.run(SCRIPT, outcrop);

            assertThat(output).contains(
                    "default routers: anthropic.claude:1,meta.llama:1,amazon.nova:1",
                    "default type: default",
                    "custom listed: True",
                    "custom tags: [{'key': 'team', 'value': 'py'}]",
                    "name conflict: ConflictException",
                    "two providers: ValidationException",
                    "bad fallback: ValidationException",
                    "bad step: ValidationException",
                    "delete default: ValidationException",
                    "get unknown: ResourceNotFoundException",
                    "default easy: " + HAIKU,
                    "default hard: " + SONNET,
                    "custom stream easy: " + HAIKU,
                    "custom stream hard: " + SONNET,
                    "deleted: ResourceNotFoundException");
        }
    }
}
