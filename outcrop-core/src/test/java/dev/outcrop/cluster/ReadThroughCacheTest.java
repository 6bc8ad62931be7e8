package dev.outcrop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadThroughCacheTest {
    private final AtomicLong nanos = new AtomicLong();
    private final ReadThroughCache<String, Optional<String>> cache = new ReadThroughCache<>(Duration.ofSeconds(5),
            Optional::isPresent, ReadThroughCache.Absences.WHILE_AWAY, nanos::get);
    private final ReadThroughCache<String, List<String>> tags = new ReadThroughCache<>(Duration.ofSeconds(5),
            list -> !list.isEmpty(), ReadThroughCache.Absences.CACHED, 2, nanos::get);

    private static <V> V down(String key) {
        throw new StoreException("down", new java.sql.SQLException("connection refused"));
    }

    @Test
    void aFreshEntryIsServedWithoutAskingTheStore() {
        cache.get("a", k -> Optional.of("one"));
        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(cache.get("a", ReadThroughCacheTest::down)).contains("one");
    }

    @Test
    void anExpiredEntryIsReadAgain() {
        cache.get("a", k -> Optional.of("one"));
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertThat(cache.get("a", k -> Optional.of("two"))).contains("two");
    }

    @Test
    void theLastValueIsServedWhileTheStoreIsAwayHoweverOld() {
        cache.get("a", k -> Optional.of("one"));
        nanos.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(cache.get("a", ReadThroughCacheTest::down)).contains("one");
    }

    @Test
    void whatWasNeverLoadedFailsWhileTheStoreIsAway() {
        assertThatThrownBy(() -> cache.get("a", ReadThroughCacheTest::down)).isInstanceOf(StoreException.class);
    }

    @Test
    void anAbsenceKeptOnlyForOutagesIsReadAgainSoOneCreatedElsewhereIsFoundAtOnce() {
        cache.get("a", k -> Optional.empty());
        assertThat(cache.get("a", k -> Optional.of("created"))).contains("created");
    }

    @Test
    void anAbsenceKeptOnlyForOutagesIsServedWhileTheStoreIsAway() {
        cache.get("a", k -> Optional.empty());
        nanos.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(cache.get("a", ReadThroughCacheTest::down)).isEmpty();
    }

    @Test
    void aCachedAbsenceIsServedWhileFreshWithoutAskingTheStore() {
        AtomicInteger reads = new AtomicInteger();
        tags.get("arn", k -> {
            reads.incrementAndGet();
            return List.of();
        });
        assertThat(tags.get("arn", ReadThroughCacheTest::down)).isEmpty();
        nanos.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(tags.get("arn", ReadThroughCacheTest::down)).isEmpty();
        assertThat(reads).hasValue(1);
    }

    @Test
    void absencesAreBoundedWhilePresentValuesAreNot() {
        tags.get("a", k -> List.of());
        tags.get("b", k -> List.of());
        tags.get("c", k -> List.of());
        tags.get("x", k -> List.of("team=a"));
        tags.get("y", k -> List.of("team=b"));
        tags.get("z", k -> List.of("team=c"));
        assertThat(tags.absences()).isEqualTo(2);
        assertThat(tags.get("x", ReadThroughCacheTest::down)).containsExactly("team=a");
        assertThat(tags.get("z", ReadThroughCacheTest::down)).containsExactly("team=c");
        assertThat(tags.get("c", ReadThroughCacheTest::down)).isEmpty();
    }

    @Test
    void aValueThatBecomesAbsentStopsBeingServedAsPresent() {
        cache.get("a", k -> Optional.of("one"));
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        cache.get("a", k -> Optional.empty());
        assertThat(cache.get("a", ReadThroughCacheTest::down)).isEmpty();
    }

    @Test
    void anInvalidatedEntryIsGoneEvenWhileTheStoreIsAway() {
        cache.get("a", k -> Optional.of("one"));
        tags.get("b", k -> List.of());
        cache.invalidate("a");
        tags.invalidate("b");
        assertThatThrownBy(() -> cache.get("a", ReadThroughCacheTest::down)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> tags.get("b", ReadThroughCacheTest::down)).isInstanceOf(StoreException.class);
    }

    @Test
    void expiringEverythingRereadsButStillServesWhileTheStoreIsAway() {
        cache.get("a", k -> Optional.of("one"));
        tags.get("b", k -> List.of());
        cache.expireAll();
        tags.expireAll();
        assertThat(cache.get("a", ReadThroughCacheTest::down)).contains("one");
        assertThat(tags.get("b", ReadThroughCacheTest::down)).isEmpty();
        assertThat(cache.get("a", k -> Optional.of("two"))).contains("two");
        assertThat(tags.get("b", k -> List.of("tagged"))).containsExactly("tagged");
    }
}
