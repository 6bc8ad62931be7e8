package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.router.PromptRouter;
import dev.outcrop.router.PromptRouterType;
import dev.outcrop.router.RouterStore;
import dev.outcrop.router.RoutingMode;
import dev.outcrop.tag.Tag;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom prompt routers survive the store on SQLite and on PostgreSQL alike, with names and tokens unique. */
class JdbcRouterStoreTest {
    private static final String HAIKU = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0";
    private static final String SONNET = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0";

    @TempDir
    Path dir;

    private static PromptRouter router(String id, String name, String token) {
        Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
        return new PromptRouter(id, PromptRouterType.CUSTOM, "123456789012", "us-east-1", name, "a router",
                List.of(HAIKU, SONNET), SONNET, 15, RoutingMode.CASCADE, now, now, token, "fingerprint", 0);
    }

    private static String arn(String id) {
        return "arn:aws:bedrock:us-east-1:123456789012:prompt-router/" + id;
    }

    private void onBothDialects(BiConsumer<JdbcRouterStore, JdbcProfileStore> test) {
        try (Database sqlite = Database.sqlite(dir, "routers.db")) {
            test.accept(new JdbcRouterStore(sqlite), new JdbcProfileStore(sqlite));
        }
        try (Database postgres = PostgresNodes.connect(PostgresServer.shared().newDatabase())) {
            test.accept(new JdbcRouterStore(postgres), new JdbcProfileStore(postgres));
        }
    }

    @Test
    void aStoredRouterReadsBackWithEveryMember() {
        onBothDialects((store, tags) -> {
            RouterStore.InsertResult<PromptRouter> result = store.insert(router("abcdefghijkl", "one", "tok"),
                    List.of(new Tag("team", "search")), arn("abcdefghijkl"));

            PromptRouter inserted = ((RouterStore.InsertResult.Inserted<PromptRouter>) result).resource();
            PromptRouter read = store.find("123456789012", "us-east-1", "abcdefghijkl").orElseThrow();
            assertThat(read).isEqualTo(inserted);
            assertThat(read.modelArns()).containsExactly(HAIKU, SONNET);
            assertThat(read.mode()).isEqualTo(RoutingMode.CASCADE);
            assertThat(tags.tags(arn("abcdefghijkl")))
                    .containsExactly(new Tag("team", "search"));
        });
    }

    @Test
    void aSecondRouterWithTheSameNameOrTokenIsToldWhichOneIsTaken() {
        onBothDialects((store, tags) -> {
            store.insert(router("aaaaaaaaaaaa", "taken", "tok-1"), List.of(), arn("aaaaaaaaaaaa"));

            assertThat(store.insert(router("bbbbbbbbbbbb", "taken", null), List.of(), arn("bbbbbbbbbbbb")))
                    .isEqualTo(new RouterStore.InsertResult.NameTaken<PromptRouter>("taken"));
            assertThat(store.insert(router("cccccccccccc", "other", "tok-1"), List.of(), arn("cccccccccccc")))
                    .isInstanceOf(RouterStore.InsertResult.TokenTaken.class);
        });
    }

    @Test
    void deletingARouterTakesItsTagsWithIt() {
        onBothDialects((store, tags) -> {
            store.insert(router("dddddddddddd", "doomed", null), List.of(new Tag("k", "v")), arn("dddddddddddd"));

            assertThat(store.delete("123456789012", "us-east-1", "dddddddddddd", arn("dddddddddddd"))).isTrue();
            assertThat(store.find("123456789012", "us-east-1", "dddddddddddd")).isEmpty();
            assertThat(tags.tags(arn("dddddddddddd"))).isEmpty();
            assertThat(store.delete("123456789012", "us-east-1", "dddddddddddd", arn("dddddddddddd"))).isFalse();
        });
    }

    @Test
    void routersListInCreationOrderAfterASequence() {
        onBothDialects((store, tags) -> {
            for (String id : List.of("eeeeeeeeeee1", "eeeeeeeeeee2", "eeeeeeeeeee3")) {
                store.insert(router(id, "list-" + id, null), List.of(), arn(id));
            }
            List<PromptRouter> first = store.list("123456789012", "us-east-1", 0, 2);
            List<PromptRouter> rest = store.list("123456789012", "us-east-1", first.getLast().sequence(), 10);

            assertThat(first).extracting(PromptRouter::id).containsExactly("eeeeeeeeeee1", "eeeeeeeeeee2");
            assertThat(rest).extracting(PromptRouter::id).containsExactly("eeeeeeeeeee3");
        });
    }

    @Test
    void aRoutersModeAndChecksAreConfiguredAndReadBack() {
        onBothDialects((store, tags) -> {
            PromptRouter created = ((RouterStore.InsertResult.Inserted<PromptRouter>) store.insert(
                    router("ffffffffffff", "cfg", null), List.of(), arn("ffffffffffff"))).resource();
            assertThat(created.escalateOn()).isEqualTo(dev.outcrop.router.CascadeCheck.DEFAULTS);
            Instant later = Instant.ofEpochMilli(1_700_000_100_000L);

            assertThat(store.configure(created.withRouting(RoutingMode.CASCADE, java.util.Set.of(
                    dev.outcrop.router.CascadeCheck.TRUNCATION, dev.outcrop.router.CascadeCheck.LOW_CONFIDENCE), 0.7,
                    later))).isTrue();
            PromptRouter cascading = store.find("123456789012", "us-east-1", "ffffffffffff").orElseThrow();
            assertThat(cascading.mode()).isEqualTo(RoutingMode.CASCADE);
            assertThat(cascading.escalateOn()).containsExactlyInAnyOrder(dev.outcrop.router.CascadeCheck.TRUNCATION,
                    dev.outcrop.router.CascadeCheck.LOW_CONFIDENCE);
            assertThat(cascading.minConfidence()).isEqualTo(0.7);
            assertThat(cascading.updatedAt()).isEqualTo(later);

            assertThat(store.configure(cascading.withRouting(RoutingMode.PREDICT, java.util.Set.of(), 0.7, later)))
                    .isTrue();
            PromptRouter predicting = store.find("123456789012", "us-east-1", "ffffffffffff").orElseThrow();
            assertThat(predicting.mode()).isEqualTo(RoutingMode.PREDICT);
            assertThat(predicting.escalateOn()).isEmpty();
            assertThat(predicting.minConfidence()).isZero();
            assertThat(store.configure(router("gggggggggggg", "absent", null))).isFalse();
        });
    }
}
