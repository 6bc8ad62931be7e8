package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stacks invoke} contains the function it runs: environment, time, sizes, where its code is read. */
class FunctionRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FUNCTION_ENV = Map.of("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE", "GREETING", "hi");
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private static ObjectNode inline(String runtime, String code) {
        ObjectNode properties = JSON.createObjectNode().put("Runtime", runtime).put("Handler", "index.handler");
        properties.putObject("Code").put("ZipFile", code);
        return properties;
    }

    private int run(JsonNode properties, JsonNode metadata, String payload) throws Exception {
        return FunctionRunner.run(properties, metadata, dir, payload, FUNCTION_ENV,
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private int run(JsonNode properties) throws Exception {
        return run(properties, JSON.createObjectNode(), "{}");
    }

    @Test
    void theFunctionSeesOnlyItsOwnVariablesAndAMinimalPathHomeAndLang() throws Exception {
        assertThat(run(inline("nodejs20.x", "exports.handler = async () => Object.keys(process.env).sort();")))
                .isZero();
        Set<String> seen = Set.of(JSON.readValue(out.toString(StandardCharsets.UTF_8), String[].class));
        assertThat(seen).contains("AWS_ACCESS_KEY_ID", "GREETING", "PATH", "HOME", "LANG")
                .isSubsetOf(Set.of("AWS_ACCESS_KEY_ID", "GREETING", "PATH", "HOME", "LANG", "NODE_PATH"));
    }

    @Test
    void aFunctionRunningPastItsTimeoutIsKilled() throws Exception {
        ObjectNode properties = inline("python3.12", "import time\ndef handler(event, context):\n    time.sleep(60)\n")
                .put("Timeout", 1);
        long started = System.nanoTime();
        assertThatThrownBy(() -> run(properties)).isInstanceOf(ValidationException.class)
                .hasMessage("Task timed out after 1.00 seconds");
        assertThat(System.nanoTime() - started).isLessThan(30_000_000_000L);
    }

    @Test
    void theTimeoutIsLambdasDefaultAndCappedAtItsLargest() {
        assertThat(FunctionRunner.timeout(JSON.createObjectNode())).isEqualTo(3);
        assertThat(FunctionRunner.timeout(JSON.createObjectNode().put("Timeout", 3600))).isEqualTo(900);
        assertThat(FunctionRunner.timeout(JSON.createObjectNode().put("Timeout", 30))).isEqualTo(30);
    }

    @Test
    void anAnswerOverLambdasLimitIsRefusedAndNotPrinted() {
        ObjectNode properties = inline("nodejs20.x", "exports.handler = async () => 'x'.repeat(7 * 1024 * 1024);")
                .put("Timeout", 60);
        assertThatThrownBy(() -> run(properties)).isInstanceOf(ValidationException.class)
                .hasMessage("Response payload size exceeded maximum allowed payload size (6291456 bytes).");
        assertThat(out.size()).isZero();
    }

    @Test
    void aPayloadOverLambdasLimitIsRefused() {
        String payload = "\"" + "x".repeat(6 * 1024 * 1024) + "\"";
        assertThatThrownBy(() -> run(inline("nodejs20.x", "exports.handler = async e => e;"), JSON.createObjectNode(),
                payload)).hasMessage("Request must be smaller than 6291456 bytes for the InvokeFunction operation");
    }

    @Test
    void aLargePayloadWithinTheLimitReachesTheHandler() throws Exception {
        String payload = "\"" + "x".repeat(1024 * 1024) + "\"";
        assertThat(run(inline("python3.12", "def handler(event, context):\n    return len(event)\n")
                .put("Timeout", 60), JSON.createObjectNode(), payload)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("1048576");
    }

    @Test
    void anAssetPathOutsideTheTemplatesDirectoryIsRefused() throws Exception {
        Path outside = Files.createTempDirectory("outcrop-outside-");
        try {
            Files.writeString(outside.resolve("index.js"), "exports.handler = async () => 'escaped';");
            Files.createSymbolicLink(dir.resolve("linked"), outside);
            ObjectNode properties = JSON.createObjectNode().put("Runtime", "nodejs20.x").put("Handler", "index.handler");
            for (String path : new String[] {"../" + outside.getFileName(), "linked"}) {
                assertThatThrownBy(() -> run(properties, JSON.createObjectNode().put("aws:asset:path", path), "{}"))
                        .isInstanceOf(ValidationException.class).hasMessageContaining("leads outside");
            }
            assertThat(out.size()).isZero();
        } finally {
            Files.deleteIfExists(outside.resolve("index.js"));
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void aHandlerThatIsNotFileDotFunctionIsRefused() {
        for (String handler : new String[] {"../../etc/passwd.x", "index", "os.path.join", "a/b.handler", ".x"}) {
            ObjectNode properties = inline("python3.12", "def handler(e, c):\n    return 1\n").put("Handler", handler);
            assertThatThrownBy(() -> run(properties)).isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("The function's Handler must be FILE.FUNCTION");
        }
    }
}
