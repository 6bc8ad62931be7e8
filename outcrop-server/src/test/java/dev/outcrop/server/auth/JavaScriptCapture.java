package dev.outcrop.server.auth;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code conformance/capture-h2.mjs}: the AWS SDK for JavaScript v3 as it ships, on its default HTTP/2
 * handler, against a loopback capture server; its output is a document of SigV4 vectors. The test that uses it
 * is skipped, with a message saying why, where Node.js or the conformance packages ({@code npm ci}) are absent.
 */
final class JavaScriptCapture {
    private static final Path CONFORMANCE = Path.of("..", "conformance").toAbsolutePath().normalize();
    private static final long TIMEOUT_SECONDS = 120;

    private JavaScriptCapture() {
    }

    /** The capture document (JSON) the script printed. */
    static String run() throws IOException, InterruptedException {
        boolean installed = Files.isDirectory(CONFORMANCE.resolve("node_modules/@aws-sdk/client-bedrock-runtime"));
        if (!installed) {
            System.out.println("SKIPPED: the JavaScript SDK capture needs `npm ci --prefix conformance` (and Node.js)");
        }
        assumeTrue(installed, "the JavaScript SDK is not installed: run npm ci --prefix conformance");
        Path out = Files.createTempFile("js-h2-vectors", ".json");
        Path err = Files.createTempFile("js-h2-vectors", ".err");
        try {
            Process node = new ProcessBuilder("node", "capture-h2.mjs").directory(CONFORMANCE.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                throw new IllegalStateException("capture-h2.mjs did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (node.exitValue() != 0) {
                throw new IllegalStateException("capture-h2.mjs failed: " + Files.readString(err));
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
