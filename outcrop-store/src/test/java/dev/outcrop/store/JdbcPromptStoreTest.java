package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.outcrop.prompt.Prompt;
import dev.outcrop.prompt.PromptStore;
import dev.outcrop.resource.ResourceStore;
import dev.outcrop.tag.Tag;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompt drafts, versions and their tags on SQLite and on PostgreSQL alike. */
class JdbcPromptStoreTest {
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static Prompt draft(String id, String name, String token) {
        var variants = JsonNodeFactory.instance.arrayNode();
        variants.addObject().put("name", "v1").put("templateType", "TEXT").putObject("templateConfiguration")
                .putObject("text").put("text", "Hello {{who}}");
        return new Prompt(id, ACCOUNT, REGION, Prompt.DRAFT, name, "first", null, "v1", variants, T0, T0, token,
                "fp-" + name, 0);
    }

    private static String arn(String id) {
        return "arn:aws:bedrock:" + REGION + ":" + ACCOUNT + ":prompt/" + id;
    }

    private static PromptStore.VersionResult version(PromptStore store, String id, String description, String token) {
        return store.createVersion(ACCOUNT, REGION, id, description, token, "fp", T0.plusSeconds(5),
                List.of(new Tag("stage", "prod")), arn(id));
    }

    private void onBoth(Consumer<Database> scenario) {
        try (Database sqlite = Database.sqlite(dir, "prompts.db")) {
            scenario.accept(sqlite);
        }
        try (Database postgres = PostgresNodes.connect(PostgresServer.shared().newDatabase())) {
            scenario.accept(postgres);
        }
    }

    @Test
    void aVersionIsASnapshotOfTheDraftThatLaterUpdatesDoNotChange() {
        onBoth(database -> {
            JdbcPromptStore store = new JdbcPromptStore(database);
            store.insert(draft("PROMPT0001", "greeter", null), List.of(), arn("PROMPT0001"));
            version(store, "PROMPT0001", "release", null);
            Prompt changed = new Prompt("PROMPT0001", ACCOUNT, REGION, Prompt.DRAFT, "greeter2", "second", null, null,
                    JsonNodeFactory.instance.arrayNode(), T0, T0.plusSeconds(9), null, "fp", 0);
            assertThat(store.update(changed)).isEqualTo(PromptStore.UpdateResult.UPDATED);

            Prompt v1 = store.find(ACCOUNT, REGION, "PROMPT0001", 1).orElseThrow();
            assertThat(v1.name()).isEqualTo("greeter");
            assertThat(v1.description()).isEqualTo("release");
            assertThat(v1.variants().get(0).path("name").asText()).isEqualTo("v1");
            assertThat(store.find(ACCOUNT, REGION, "PROMPT0001", Prompt.DRAFT).orElseThrow().name())
                    .isEqualTo("greeter2");
        });
    }

    @Test
    void versionNumbersAreNeverReusedAfterADeletion() {
        onBoth(database -> {
            JdbcPromptStore store = new JdbcPromptStore(database);
            store.insert(draft("PROMPT0002", "p2", null), List.of(), arn("PROMPT0002"));
            version(store, "PROMPT0002", null, null);
            version(store, "PROMPT0002", null, null);
            assertThat(store.deleteVersion(ACCOUNT, REGION, "PROMPT0002", 2, arn("PROMPT0002") + ":2")).isTrue();
            var third = (PromptStore.VersionResult.Created) version(store, "PROMPT0002", null, null);
            assertThat(third.version().version()).isEqualTo(3);
            assertThat(store.listVersions(ACCOUNT, REGION, "PROMPT0002", 0, 10)).extracting(Prompt::version)
                    .containsExactly(1, 3);
        });
    }

    @Test
    void aVersionTokenUsedTwiceAnswersTheFirstVersion() {
        onBoth(database -> {
            JdbcPromptStore store = new JdbcPromptStore(database);
            store.insert(draft("PROMPT0003", "p3", null), List.of(), arn("PROMPT0003"));
            String token = "t".repeat(40);
            version(store, "PROMPT0003", null, token);
            assertThat(version(store, "PROMPT0003", null, token)).isInstanceOf(PromptStore.VersionResult.TokenTaken.class);
            assertThat(store.listVersions(ACCOUNT, REGION, "PROMPT0003", 0, 10)).hasSize(1);
        });
    }

    @Test
    void aSecondPromptWithTheSameNameIsRefused() {
        onBoth(database -> {
            JdbcPromptStore store = new JdbcPromptStore(database);
            store.insert(draft("PROMPT0004", "same", null), List.of(), arn("PROMPT0004"));
            assertThat(store.insert(draft("PROMPT0005", "same", null), List.of(), arn("PROMPT0005")))
                    .isEqualTo(new ResourceStore.InsertResult.NameTaken<Prompt>("same"));
        });
    }

    @Test
    void deletingAPromptDeletesItsVersionsAndTheTagsOfAll() {
        onBoth(database -> {
            JdbcPromptStore store = new JdbcPromptStore(database);
            JdbcProfileStore tags = new JdbcProfileStore(database);
            store.insert(draft("PROMPT0006", "p6", null), List.of(new Tag("team", "a")), arn("PROMPT0006"));
            version(store, "PROMPT0006", null, null);
            assertThat(tags.tags(arn("PROMPT0006") + ":1")).containsExactly(new Tag("stage", "prod"));

            assertThat(store.deletePrompt(ACCOUNT, REGION, "PROMPT0006", arn("PROMPT0006"))).contains(List.of(1));
            assertThat(store.find(ACCOUNT, REGION, "PROMPT0006", 1)).isEmpty();
            assertThat(tags.tags(arn("PROMPT0006"))).isEmpty();
            assertThat(tags.tags(arn("PROMPT0006") + ":1")).isEmpty();
            assertThat(store.deletePrompt(ACCOUNT, REGION, "PROMPT0006", arn("PROMPT0006"))).isEmpty();
        });
    }

    @Test
    void noVersionIsNumberedBeyondWhatTheApiCanName() {
        onBoth(database -> {
            JdbcPromptStore store = new JdbcPromptStore(database);
            store.insert(draft("PROMPT0008", "p8", null), List.of(), arn("PROMPT0008"));
            database.inTransaction(c -> c.createStatement().executeUpdate(
                    "UPDATE prompt SET next_version = 99999 WHERE id = 'PROMPT0008'"));
            assertThat(version(store, "PROMPT0008", null, null)).isInstanceOf(PromptStore.VersionResult.Created.class);

            assertThat(version(store, "PROMPT0008", null, null))
                    .isInstanceOf(PromptStore.VersionResult.NumbersExhausted.class);
        });
    }

    @Test
    void twoNodesVersioningOnePromptAtOnceGetDistinctNumbers() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        try (PostgresNodes nodes = new PostgresNodes()) {
            JdbcPromptStore a = new JdbcPromptStore(nodes.node(url, "a").database());
            JdbcPromptStore b = new JdbcPromptStore(nodes.node(url, "b").database());
            a.insert(draft("PROMPT0007", "p7", null), List.of(), arn("PROMPT0007"));
            List<Future<PromptStore.VersionResult>> results = new ArrayList<>();
            try (var pool = Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < 10; i++) {
                    JdbcPromptStore node = i % 2 == 0 ? a : b;
                    results.add(pool.submit(() -> version(node, "PROMPT0007", null, null)));
                }
            }
            Set<Integer> numbers = new HashSet<>();
            for (var result : results) {
                numbers.add(((PromptStore.VersionResult.Created) result.get()).version().version());
            }
            assertThat(numbers).hasSize(10);
        }
    }
}
