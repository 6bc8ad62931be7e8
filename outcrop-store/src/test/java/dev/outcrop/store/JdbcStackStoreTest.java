package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.stack.StackStore;
import dev.outcrop.stack.StackStore.StoredStack;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stacks, resources, events and exports kept in both stores with the same rules. */
class JdbcStackStoreTest {
    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "us-east-1";
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dataDir;

    private void onBothStores(Consumer<JdbcStackStore> check) throws Exception {
        try (Database sqlite = Database.sqlite(dataDir)) {
            check.accept(new JdbcStackStore(sqlite));
        }
        String url = PostgresServer.shared().newDatabase();
        try (PostgresNodes nodes = new PostgresNodes()) {
            check.accept(new JdbcStackStore(nodes.node(url, "a").database()));
        }
    }

    private static StoredStack stack(String id, String name, String status) {
        return new StoredStack(id, ACCOUNT, REGION, name, status, null, null, "Resources: {}", "{}", "{}", T0, T0, null);
    }

    @Test
    void aLiveStackHoldsItsNameUntilItIsDeleted() throws Exception {
        onBothStores(store -> {
            assertThat(store.createStack(stack("id-1", "demo", "CREATE_IN_PROGRESS"))).isTrue();
            assertThat(store.createStack(stack("id-2", "demo", "CREATE_IN_PROGRESS"))).isFalse();
            assertThat(store.transition(stack("id-1", "demo", StackStore.DELETE_COMPLETE), "CREATE_IN_PROGRESS")).isTrue();
            assertThat(store.stack(ACCOUNT, REGION, "demo")).isEmpty();
            assertThat(store.stack(ACCOUNT, REGION, "id-1")).get().extracting(StoredStack::status)
                    .isEqualTo(StackStore.DELETE_COMPLETE);
            assertThat(store.createStack(stack("id-2", "demo", "CREATE_IN_PROGRESS"))).isTrue();
            assertThat(store.stacks(ACCOUNT, REGION)).hasSize(2);
        });
    }

    @Test
    void aTransitionFromAStatusTheStackNoLongerHasIsRefused() throws Exception {
        onBothStores(store -> {
            store.createStack(stack("id-1", "demo", "CREATE_IN_PROGRESS"));
            assertThat(store.transition(stack("id-1", "demo", "CREATE_COMPLETE"), "UPDATE_IN_PROGRESS")).isFalse();
            assertThat(store.stack(ACCOUNT, REGION, "demo")).get().extracting(StoredStack::status)
                    .isEqualTo("CREATE_IN_PROGRESS");
        });
    }

    @Test
    void resourcesAreReplacedByLogicalIdAndEventsComeNewestFirst() throws Exception {
        onBothStores(store -> {
            store.createStack(stack("id-1", "demo", "CREATE_IN_PROGRESS"));
            store.putResource("id-1", new StackStore.StoredResource("A", "AWS::IAM::Role", "r-1", "CREATE_COMPLETE",
                    null, "{}", "{}", T0));
            store.putResource("id-1", new StackStore.StoredResource("A", "AWS::IAM::Role", "r-2", "UPDATE_COMPLETE",
                    null, "{}", "{\"Arn\":\"x\"}", T0));
            assertThat(store.resources("id-1")).singleElement().extracting(StackStore.StoredResource::physicalId)
                    .isEqualTo("r-2");
            store.addEvent("id-1", new StackStore.StackEvent("e1", "demo", "id-1", "AWS::CloudFormation::Stack",
                    "CREATE_IN_PROGRESS", null, T0));
            store.addEvent("id-1", new StackStore.StackEvent("e2", "demo", "id-1", "AWS::CloudFormation::Stack",
                    "CREATE_COMPLETE", null, T0));
            assertThat(store.events("id-1")).extracting(StackStore.StackEvent::eventId).containsExactly("e2", "e1");
            store.deleteResource("id-1", "A");
            assertThat(store.resources("id-1")).isEmpty();
        });
    }

    @Test
    void anExportNameBelongsToOneStack() throws Exception {
        onBothStores(store -> {
            store.createStack(stack("id-1", "one", "CREATE_IN_PROGRESS"));
            store.createStack(stack("id-2", "two", "CREATE_IN_PROGRESS"));
            assertThat(store.replaceExports(ACCOUNT, REGION, "id-1", Map.of("shared", "v1"))).isEmpty();
            assertThat(store.replaceExports(ACCOUNT, REGION, "id-2", Map.of("mine", "v2", "shared", "v3")))
                    .contains("shared");
            assertThat(store.exports("id-2")).isEmpty();
            assertThat(store.exportValue(ACCOUNT, REGION, "shared")).contains("v1");
            assertThat(store.replaceExports(ACCOUNT, REGION, "id-1", Map.of())).isEmpty();
            assertThat(store.replaceExports(ACCOUNT, REGION, "id-2", Map.of("shared", "v3"))).isEmpty();
            assertThat(store.exportValue(ACCOUNT, REGION, "shared")).contains("v3");
        });
    }

    @Test
    void importsNameTheLiveStacksThatImportAnExport() throws Exception {
        onBothStores(store -> {
            store.createStack(stack("id-1", "maker", "CREATE_COMPLETE"));
            store.createStack(stack("id-2", "user", "CREATE_COMPLETE"));
            store.createStack(stack("id-3", "other", "CREATE_COMPLETE"));
            store.replaceImports(ACCOUNT, REGION, "id-2", java.util.Set.of("maker-arn", "maker-name"));
            store.replaceImports(ACCOUNT, REGION, "id-3", java.util.Set.of("maker-arn"));
            assertThat(store.importers(ACCOUNT, REGION, "maker-arn")).containsExactly("other", "user");
            store.replaceImports(ACCOUNT, REGION, "id-3", java.util.Set.of());
            store.transition(stack("id-2", "user", StackStore.DELETE_COMPLETE), "CREATE_COMPLETE");
            assertThat(store.importers(ACCOUNT, REGION, "maker-arn")).isEmpty();
            assertThat(store.importers("999999999999", REGION, "maker-name")).isEmpty();
        });
    }

    @Test
    void aChangeSetIsFoundByIdOrByItsStacksNameAndName() throws Exception {
        onBothStores(store -> {
            var changeSet = new StackStore.StoredChangeSet("arn:cs/one", ACCOUNT, REGION, "one", "demo", null,
                    "CREATE", "Resources: {}", "{\"A\":\"b\"}", "CREATE_COMPLETE", null, "first",
                    "[{\"Action\":\"Add\"}]", T0, "arn:aws:iam::123456789012:role/deployer");
            store.putChangeSet(changeSet);
            assertThat(store.changeSet(ACCOUNT, "arn:cs/one")).contains(changeSet);
            assertThat(store.changeSet("999999999999", "arn:cs/one")).isEmpty();
            assertThat(store.changeSet(ACCOUNT, REGION, "demo", "one")).contains(changeSet);
            assertThat(store.changeSet(ACCOUNT, REGION, "other", "one")).isEmpty();
            assertThat(store.changeSetCount(ACCOUNT, REGION)).isEqualTo(1);
            assertThat(store.deleteChangeSet("arn:cs/one")).isTrue();
            assertThat(store.deleteChangeSet("arn:cs/one")).isFalse();
            assertThat(store.changeSetCount(ACCOUNT, REGION)).isZero();
        });
    }
}
