package dev.outcrop.util;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What the hot path reads from the database on every call (profiles, tags, keys, policies), kept for a short
 * time. A change made on this node drops the entry at once; one made on another node arrives by the
 * change feed at once, and at worst when the entry expires. When the database cannot be reached, the last
 * value loaded is served however old it is: a node keeps serving what it knows.
 *
 * @param <K> the key
 * @param <V> the value
 */
public final class ReadThroughCache<K, V> {
    private final long ttlNanos;
    private final LongSupplier nanos;
    private final Predicate<V> keep;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

    private record Entry<V>(V value, long loadedNanos) {}

    /**
     * A cache whose entries are fresh for {@code ttl}; only values that {@code keep} accepts are cached (an
     * absent profile is not, so one created elsewhere is found at once).
     */
    public ReadThroughCache(Duration ttl, Predicate<V> keep, LongSupplier nanos) {
        this.ttlNanos = ttl.toNanos();
        this.keep = requireNonNull(keep, "keep");
        this.nanos = requireNonNull(nanos, "nanos");
    }

    /** A cache of every value, on the system's nanosecond clock. */
    public static <K, V> ReadThroughCache<K, V> of(Duration ttl) {
        return new ReadThroughCache<>(ttl, value -> true, System::nanoTime);
    }

    /**
     * The value of {@code key}: the cached one while fresh, else what {@code load} reads; if that fails
     * because the database cannot be reached, the last value loaded, if any.
     *
     * @throws StoreException when the database fails and nothing was ever loaded for {@code key}
     */
    public V get(K key, Function<K, V> load) {
        long now = nanos.getAsLong();
        Entry<V> hit = entries.get(key);
        if (hit != null && now - hit.loadedNanos() < ttlNanos) {
            return hit.value();
        }
        V value;
        try {
            value = load.apply(key);
        } catch (StoreException e) {
            if (hit != null) {
                return hit.value();
            }
            throw e;
        }
        if (keep.test(value)) {
            entries.put(key, new Entry<>(value, now));
        } else {
            entries.remove(key);
        }
        return value;
    }

    /** Drops {@code key}: it changed. */
    public void invalidate(K key) {
        entries.remove(key);
    }

    /** Drops every entry whose value {@code changed} accepts. */
    public void invalidateIf(Predicate<V> changed) {
        entries.values().removeIf(entry -> changed.test(entry.value()));
    }

    /**
     * Marks every entry stale (changes may have been missed): each is read again on its next use, but still
     * served if the database cannot be reached then.
     */
    public void expireAll() {
        entries.replaceAll((key, entry) -> new Entry<>(entry.value(), entry.loadedNanos() - ttlNanos));
    }
}
