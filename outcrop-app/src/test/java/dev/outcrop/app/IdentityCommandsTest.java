package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code outcrop keys ...} and {@code outcrop policies ...} on a data directory: what they create, and that they say what they did. */
class IdentityCommandsTest {
    private static final Map<String, String> ANOTHER_ROOT = Map.of(Security.ROOT_KEY_ENV, "AKIAOUTCROPOTHERROOT",
            Security.ROOT_SECRET_ENV, "another-secret-for-tests");

    @TempDir
    Path dataDir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int keys(Map<String, String> env, String... args) {
        out.reset();
        ArrayDeque<String> all = new ArrayDeque<>(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        return IdentityCommands.run("keys", all, new PrintStream(out, true, StandardCharsets.UTF_8), env);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keysListCreatesNoRootKeyWhateverTheRootVariablesSay() {
        TestOutcrop.start(dataDir).close(); // a server started with OUTCROP_ROOT_* has imported root's key

        for (Map<String, String> env : List.of(Map.<String, String>of(), ANOTHER_ROOT, TestOutcrop.ENV)) {
            assertThat(keys(env, "list")).isZero();
            assertThat(output().lines().filter(l -> l.contains("access key")).toList())
                    .as("root's keys after keys list with %s", env.keySet())
                    .singleElement().asString().contains(TestOutcrop.ROOT_KEY);
        }
        assertThat(dataDir.resolve(Security.ROOT_CREDENTIALS_FILE)).doesNotExist();
    }

    @Test
    void keysListOnAFreshDataDirectoryCreatesNoPrincipal() {
        assertThat(keys(ANOTHER_ROOT, "list")).isZero();
        assertThat(output()).isEmpty();

        assertThat(keys(Map.of(), "list")).isZero();
        assertThat(output()).isEmpty();
        assertThat(dataDir.resolve(Security.ROOT_CREDENTIALS_FILE)).doesNotExist();
    }

    @Test
    void lifetimesOutsideTheirBoundsAreUsageErrors() {
        assertThat(keys(Map.of(), "create-user", "dora")).isZero();

        assertThatThrownBy(() -> keys(Map.of(), "create-api-key", "dora", "--days", "-1"))
                .isInstanceOf(Main.UsageException.class).hasMessage("--days: -1 is not between 0 and 36600");
        assertThatThrownBy(() -> keys(Map.of(), "create-api-key", "dora", "--days", "36601"))
                .isInstanceOf(Main.UsageException.class).hasMessage("--days: 36601 is not between 0 and 36600");
        assertThatThrownBy(() -> keys(Map.of(), "create-temporary-credentials", "dora", "--hours", "0"))
                .isInstanceOf(Main.UsageException.class).hasMessage("--hours: 0 is not between 1 and 36");
        assertThatThrownBy(() -> keys(Map.of(), "create-temporary-credentials", "dora", "--hours", "37"))
                .isInstanceOf(Main.UsageException.class).hasMessage("--hours: 37 is not between 1 and 36");
        assertThat(keys(Map.of(), "list")).isZero();
        assertThat(output()).doesNotContain("api key").doesNotContain("access key");
    }

    private String run(String... args) {
        out.reset();
        List<String> command = new java.util.ArrayList<>(List.of(args));
        command.addAll(List.of("--data-dir", dataDir.toString()));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(command, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
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
