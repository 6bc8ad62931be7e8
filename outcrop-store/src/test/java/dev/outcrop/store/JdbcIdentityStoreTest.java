package dev.outcrop.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.identity.IdentityStore;
import dev.outcrop.identity.Principal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expired temporary credentials purged a bounded batch at a time, and a role's trust policy, on both dialects. */
class JdbcIdentityStoreTest {
    private static final Instant NOW = Instant.parse("2026-12-05T09:00:00Z");

    @TempDir
    Path dataDir;

    private void onBoth(Consumer<IdentityStore> check) throws Exception {
        try (Database sqlite = Database.sqlite(dataDir)) {
            check.accept(new JdbcIdentityStore(sqlite));
        }
        String url = PostgresServer.shared().newDatabase();
        try (PostgresNodes nodes = new PostgresNodes()) {
            check.accept(new JdbcIdentityStore(nodes.node(url, "a").database()));
        }
    }

    private static IdentityStore.StoredAccessKey key(String id, String principalId, Instant expiresAt) {
        return new IdentityStore.StoredAccessKey(id, principalId, "sealed", expiresAt == null ? null : "ab", "Active",
                NOW.minusSeconds(7200), expiresAt);
    }

    @Test
    void expiredKeysAreDeletedInBatchesAndLiveAndLongTermOnesKept() throws Exception {
        onBoth(store -> {
            Principal role = new Principal("AROAROLE", "123456789012", "worker", Principal.Kind.ROLE);
            assertThat(store.createPrincipal(role, NOW)).isTrue();
            for (int i = 0; i < 5; i++) {
                store.putAccessKey(key("ASIAEXPIRED" + i, role.id(), NOW.minusSeconds(60 + i)));
            }
            store.putAccessKey(key("ASIALIVE", role.id(), NOW.plusSeconds(60)));
            store.putAccessKey(key("AKIALONGTERM", role.id(), null));

            assertThat(store.deleteExpiredAccessKeys(NOW, 3)).isEqualTo(3);
            assertThat(store.deleteExpiredAccessKeys(NOW, 3)).isEqualTo(2);
            assertThat(store.deleteExpiredAccessKeys(NOW, 3)).isZero();

            assertThat(store.accessKeys(role.id())).extracting(IdentityStore.StoredAccessKey::accessKeyId)
                    .containsExactlyInAnyOrder("ASIALIVE", "AKIALONGTERM");
        });
    }

    @Test
    void aRolesTrustPolicyIsKeptReplacedAndRemoved() throws Exception {
        onBoth(store -> {
            Principal role = new Principal("AROAROLE", "123456789012", "worker", Principal.Kind.ROLE);
            store.createPrincipal(role, NOW);
            assertThat(store.trustPolicy(role.id())).isEmpty();

            assertThat(store.setTrustPolicy(role.id(), "{\"a\":1}")).isTrue();
            assertThat(store.trustPolicy(role.id())).contains("{\"a\":1}");
            store.setTrustPolicy(role.id(), null);
            assertThat(store.trustPolicy(role.id())).isEmpty();
            assertThat(store.setTrustPolicy("AROANOBODY", "{}")).isFalse();
        });
    }
}
