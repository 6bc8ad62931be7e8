package dev.outcrop.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void anIdIsAVersion7UuidInTheFormAwsUses() {
        String id = RequestIds.next();

        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
    }

    @Test
    void idsCarryTheirMillisecondAndSortByIt() {
        long t = 1_795_000_000_000L;
        String earlier = RequestIds.next(t);
        String later = RequestIds.next(t + 1);

        assertThat(UUID.fromString(earlier).getMostSignificantBits() >>> 16).isEqualTo(t);
        // The ledger's unique index sees ids in the order calls were answered: later ids sort after.
        assertThat(later).isGreaterThan(earlier);
        assertThat(RequestIds.next(t + 1000)).isGreaterThan(RequestIds.next(t + 999));
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(RequestIds.next(1_795_000_000_000L));
        }
        assertThat(ids).hasSize(100_000);
    }
}
