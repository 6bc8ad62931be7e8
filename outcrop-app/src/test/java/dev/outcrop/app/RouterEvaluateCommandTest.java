package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code outcrop routers evaluate}: the shipped sample replayed through a default router, and its mistakes. */
class RouterEvaluateCommandTest {
    private static final Path SAMPLE = Path.of("..", "docs", "samples", "router-prompts.jsonl");

    @TempDir
    Path dataDir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), java.util.Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void theSampleSplitsBetweenBothModelsAndCostsLessThanAlwaysTheStrongerOne() {
        assertThat(run("routers", "evaluate", "anthropic.claude:1", SAMPLE.toString(), "--data-dir",
                dataDir.toString())).isZero();

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("conversations: 12 (fallback: 0)")
                .contains("inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0")
                .contains("inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0")
                .containsPattern("saved [1-9][0-9]?\\.[0-9]%");
        assertThat(report).doesNotContain("  0.0%");
    }

    @Test
    void aLineThatIsNotAConversationIsNamedByItsNumber() throws Exception {
        Path file = dataDir.resolve("bad.jsonl");
        Files.writeString(file, "{\"prompt\": \"fine\"}\n[1, 2]\n");

        assertThat(run("routers", "evaluate", "anthropic.claude:1", file.toString(), "--data-dir",
                dataDir.resolve("d").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad.jsonl:2: not a conversation");
    }

    @Test
    void anUnknownRouterIsNotFound() {
        assertThat(run("routers", "evaluate", "acme.unknown:1", SAMPLE.toString(), "--data-dir",
                dataDir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ResourceNotFoundException");
    }
}
