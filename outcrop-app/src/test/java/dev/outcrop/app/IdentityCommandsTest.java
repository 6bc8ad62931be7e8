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

/** {@code outcrop keys} and {@code outcrop policies} say what they did, including when they only change something. */
class IdentityCommandsTest {
    @TempDir
    Path dataDir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String run(String... args) {
        out.reset();
        List<String> command = new java.util.ArrayList<>(List.of(args));
        command.addAll(List.of("--data-dir", dataDir.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(command, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void deactivatingAndActivatingAnAccessKeySayWhatTheKeyIsNow() {
        run("keys", "create-user", "ann");
        String created = run("keys", "create-access-key", "ann");
        String id = created.lines().filter(l -> l.startsWith("AWS_ACCESS_KEY_ID=")).findFirst().orElseThrow()
                .substring("AWS_ACCESS_KEY_ID=".length());
        assertThat(run("keys", "deactivate-access-key", id)).isEqualTo("access key " + id + " is now Inactive\n");
        assertThat(run("keys", "activate-access-key", id)).isEqualTo("access key " + id + " is now Active\n");
    }

    @Test
    void revokingAnApiKeyDeletingAPrincipalAndChangingPoliciesSayWhatWasDone() throws Exception {
        run("keys", "create-user", "ben");
        String id = run("keys", "create-api-key", "ben").lines().filter(l -> l.startsWith("# id ")).findFirst()
                .orElseThrow().substring("# id ".length()).split(",")[0];
        assertThat(run("keys", "revoke-api-key", id)).isEqualTo("API key " + id + " is revoked\n");
        Path policy = Files.writeString(dataDir.resolve("policy.json"),
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"bedrock:*\",\"Resource\":\"*\"}]}");
        assertThat(run("policies", "attach", "ben", "all", policy.toString())).isEqualTo("policy all is attached to ben\n");
        assertThat(run("policies", "detach", "ben", "all")).isEqualTo("policy all is detached from ben\n");
        assertThat(run("keys", "delete", "ben")).isEqualTo("principal ben is deleted, with its keys and policies\n");
    }
}
