package dev.outcrop.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadThroughCacheTest {
    private final AtomicLong nanos = new AtomicLong();
    private final ReadThroughCache<String, Optional<String>> cache =
            new ReadThroughCache<>(Duration.ofSeconds(5), Optional::isPresent, nanos::get);

    private static Optional<String> down(String key) {
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
    void anAbsentValueIsNotKeptSoOneCreatedElsewhereIsFoundAtOnce() {
        cache.get("a", k -> Optional.empty());
        assertThat(cache.get("a", k -> Optional.of("created"))).contains("created");
    }

    @Test
    void anInvalidatedEntryIsGoneEvenWhileTheStoreIsAway() {
        cache.get("a", k -> Optional.of("one"));
        cache.invalidate("a");
        assertThatThrownBy(() -> cache.get("a", ReadThroughCacheTest::down)).isInstanceOf(StoreException.class);
    }

    @Test
    void expiringEverythingRereadsButStillServesWhileTheStoreIsAway() {
        cache.get("a", k -> Optional.of("one"));
        cache.expireAll();
        assertThat(cache.get("a", ReadThroughCacheTest::down)).contains("one");
        assertThat(cache.get("a", k -> Optional.of("two"))).contains("two");
    }
}
