package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line's answers to mistakes. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), java.util.Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve").contains("--data-dir");
    }

    @Test
    void anUnknownCommandExitsWithStatusTwo() {
        assertThat(run("launch")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'launch'");
    }

    @Test
    void anUnknownOptionOrABadPortExitsWithStatusTwo() {
        assertThat(run("serve", "--colour", "blue")).isEqualTo(2);
        assertThat(run("serve", "--port", "http")).isEqualTo(2);
        assertThat(run("serve", "--port", "70000")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown option '--colour'")
                .contains("--port: 'http' is not a number")
                .contains("server.port: 70000");
    }

    @Test
    void aPortInUseExitsWithStatusOneAndSaysWhich(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dataDir)
            throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());

            assertThat(run("serve", "--port", port, "--data-dir", dataDir.toString())).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("outcrop: cannot listen on 127.0.0.1:" + port)
                    .contains("in use");
        }
    }

    @Test
    void devModeHoldsEvenWithAConfigFile() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("outcrop", ".yaml");
        java.nio.file.Files.writeString(file, "auth: {mode: sigv4}\nserver: {port: 70000}\n");

        assertThat(run("serve", "--config", file.toString(), "--dev")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("server.port: 70000");
        java.nio.file.Files.writeString(file, "auth: {mode: sigv4}\n");
        OutcropConfig loaded = ConfigLoader.load(file, java.util.Map.of());
        assertThat(Main.applyDev(loaded, true).auth().anonymous()).isTrue();
        assertThat(Main.applyDev(loaded, false).auth().anonymous()).isFalse();
    }

    @Test
    void aBadConfigFileExitsWithStatusTwoAndThePath() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("outcrop", ".yaml");
        java.nio.file.Files.writeString(file, "store:\n  datadir: x\n");

        assertThat(run("serve", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("store.datadir: unknown key");
    }
}
