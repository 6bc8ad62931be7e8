package dev.outcrop.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What the hot path reads from the database on every call (profiles, tags, keys, policies), kept for a short
 * time. A change made on this node drops the entry at once; one made on another node arrives by the
 * change feed at once, and at worst when the entry expires. When the database cannot be reached, the last
 * value loaded is served however old it is: a node keeps serving what it knows, absences included.
 *
 * <p>Values are of two kinds. What {@code present} accepts names something that exists (a profile found, a
 * resource's tags): any number of them is kept, as many as the database holds. Anything else is an absence
 * (no such profile, no tags, no such key), which anyone can provoke by asking for a name they make up: at most
 * {@link #MAX_ABSENCES} of them are kept, a new one displacing an old one, and {@link Absences} says whether
 * they are served while fresh or only while the database is away.
 *
 * @param <K> the key
 * @param <V> the value
 */
public final class ReadThroughCache<K, V> {
    /** The most absences one cache remembers. */
    public static final int MAX_ABSENCES = 10_000;

    /** How an absence is used. */
    public enum Absences {
        /**
         * Like any value: served while fresh (the change feed tells every node when it stops being true, as
         * a tag added to an untagged resource does).
         */
        CACHED,
        /**
         * Read again on every use while the database answers (so that what is created on another node is
         * found at once), and served only while the database is away.
         */
        WHILE_AWAY
    }

    private final long ttlNanos;
    private final LongSupplier nanos;
    private final Predicate<V> present;
    private final Absences absences;
    private final int maxAbsences;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Map<K, Entry<V>> absent = new ConcurrentHashMap<>();

    private record Entry<V>(V value, long loadedNanos) {}

    /**
     * A cache whose entries are fresh for {@code ttl}; what {@code present} rejects is an absence, kept as
     * {@code absences} says (at most {@link #MAX_ABSENCES}).
     */
    public ReadThroughCache(Duration ttl, Predicate<V> present, Absences absences, LongSupplier nanos) {
        this(ttl, present, absences, MAX_ABSENCES, nanos);
    }

    /** A cache that keeps at most {@code maxAbsences} absences. */
    public ReadThroughCache(Duration ttl, Predicate<V> present, Absences absences, int maxAbsences, LongSupplier nanos) {
        this.ttlNanos = ttl.toNanos();
        this.present = requireNonNull(present, "present");
        this.absences = requireNonNull(absences, "absences");
        this.nanos = requireNonNull(nanos, "nanos");
        if (maxAbsences < 1) {
            throw new IllegalArgumentException("maxAbsences must be at least 1");
        }
        this.maxAbsences = maxAbsences;
    }

    /** A cache in which every value names something that exists, on the system's nanosecond clock. */
    public static <K, V> ReadThroughCache<K, V> of(Duration ttl) {
        return new ReadThroughCache<>(ttl, value -> true, Absences.CACHED, System::nanoTime);
    }

    /**
     * The value of {@code key}: the cached one while fresh, else what {@code load} reads; if that fails
     * because the database cannot be reached, the last value loaded, if any, present or absent.
     *
     * @throws StoreException when the database fails and nothing was ever loaded for {@code key}
     */
    public V get(K key, Function<K, V> load) {
        long now = nanos.getAsLong();
        Entry<V> hit = entries.get(key);
        if (hit == null) {
            hit = absent.get(key);
        }
        if (hit != null && now - hit.loadedNanos() < ttlNanos
                && (absences == Absences.CACHED || present.test(hit.value()))) {
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
        Entry<V> loaded = new Entry<>(value, now);
        if (present.test(value)) {
            entries.put(key, loaded);
            absent.remove(key);
        } else {
            entries.remove(key);
            rememberAbsence(key, loaded);
        }
        return value;
    }

    private void rememberAbsence(K key, Entry<V> entry) {
        if (absent.size() >= maxAbsences && !absent.containsKey(key)) {
            Iterator<K> oldest = absent.keySet().iterator(); // any one: absences made up in bulk displace each other
            if (oldest.hasNext()) {
                absent.remove(oldest.next());
            }
        }
        absent.put(key, entry);
    }

    /** Drops {@code key}: it changed. */
    public void invalidate(K key) {
        entries.remove(key);
        absent.remove(key);
    }

    /** Drops every entry whose value {@code changed} accepts. */
    public void invalidateIf(Predicate<V> changed) {
        entries.values().removeIf(entry -> changed.test(entry.value()));
        absent.values().removeIf(entry -> changed.test(entry.value()));
    }

    /**
     * Marks every entry stale (changes may have been missed): each is read again on its next use, but still
     * served if the database cannot be reached then.
     */
    public void expireAll() {
        entries.replaceAll((key, entry) -> new Entry<>(entry.value(), entry.loadedNanos() - ttlNanos));
        absent.replaceAll((key, entry) -> new Entry<>(entry.value(), entry.loadedNanos() - ttlNanos));
    }

    /** How many absences are kept (at most {@link #MAX_ABSENCES}). */
    public int absences() {
        return absent.size();
    }
}
