package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code stacks invoke} refuses before it runs a function, and the bounds it runs one within (Python 3). */
class FunctionRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private static ObjectNode python(String code) {
        ObjectNode properties = JSON.createObjectNode().put("Runtime", "python3.12").put("Handler", "index.handler");
        properties.putObject("Code").put("ZipFile", code);
        return properties;
    }

    private int run(JsonNode properties, JsonNode metadata, ByteArrayOutputStream out) throws Exception {
        return FunctionRunner.run(properties, metadata, dir, "{}", Map.of(), new PrintStream(out, true));
    }

    @Test
    void aHandlerOrAnAssetPathLeadingOutOfTheCodeIsRefusedBeforeAnythingRuns() throws Exception {
        ObjectNode escaping = python("def handler(e, c): return 1").put("Handler", "../../etc/passwd.handler");
        assertThatThrownBy(() -> run(escaping, JSON.createObjectNode(), new ByteArrayOutputStream()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("must be MODULE.FUNCTION");

        Files.createDirectories(dir.resolve("template"));
        ObjectNode asset = JSON.createObjectNode().put("Runtime", "python3.12").put("Handler", "index.handler");
        ObjectNode metadata = JSON.createObjectNode().put("aws:asset:path", "../outside");
        Files.createDirectories(dir.resolve("outside"));
        assertThatThrownBy(() -> FunctionRunner.run(asset, metadata, dir.resolve("template"), "{}", Map.of(),
                new PrintStream(new ByteArrayOutputStream()))).hasMessageContaining("leads out of the template's");

        Files.createSymbolicLink(dir.resolve("template").resolve("link"), dir.resolve("outside"));
        ObjectNode linked = JSON.createObjectNode().put("aws:asset:path", "link");
        assertThatThrownBy(() -> FunctionRunner.run(asset, linked, dir.resolve("template"), "{}", Map.of(),
                new PrintStream(new ByteArrayOutputStream()))).hasMessageContaining("leads out of the template's");
    }

    @Test
    void aTimeoutOutsideLambdasRangeIsRefused() {
        assertThat(FunctionRunner.timeoutSeconds(JSON.createObjectNode())).isEqualTo(3);
        assertThat(FunctionRunner.timeoutSeconds(JSON.createObjectNode().put("Timeout", 900))).isEqualTo(900);
        assertThatThrownBy(() -> FunctionRunner.timeoutSeconds(JSON.createObjectNode().put("Timeout", 901)))
                .hasMessageContaining("Timeout must be 1 to 900 seconds");
        assertThatThrownBy(() -> FunctionRunner.timeoutSeconds(JSON.createObjectNode().put("Timeout", "-1")))
                .hasMessageContaining("Timeout must be 1 to 900 seconds");
    }

    @Test
    void aFunctionPastItsTimeoutIsStoppedAndSaysSo() {
        ObjectNode sleeper = python("import time\ndef handler(e, c):\n    time.sleep(600)\n").put("Timeout", 1);
        assertThatThrownBy(() -> run(sleeper, JSON.createObjectNode(), new ByteArrayOutputStream()))
                .hasMessageContaining("The function timed out after 1 seconds");
    }

    @Test
    void anAnswerLongerThanLambdasLimitIsCutAndRefused() {
        ObjectNode talker = python("def handler(e, c):\n    return 'x' * (7 * 1024 * 1024)\n").put("Timeout", 60);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> run(talker, JSON.createObjectNode(), out))
                .hasMessageContaining("answer is longer than Lambda's 6291456 bytes");
        assertThat(out.size()).isLessThanOrEqualTo(FunctionRunner.MAX_PAYLOAD_BYTES);
    }
}
