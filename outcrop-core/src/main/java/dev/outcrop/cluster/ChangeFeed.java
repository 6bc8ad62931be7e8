package dev.outcrop.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells every node what changed, so that caches drop it at once instead of when it expires. On one node
 * it only tells this node; on a shared database it tells all of them (PostgreSQL {@code NOTIFY}).
 */
public class ChangeFeed {
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Hears of changes. */
    public interface Listener {
        /** {@code change} was made, here or on another node. */
        void changed(Change change);

        /** Changes may have been missed (the feed was cut): everything cached may be stale. */
        void missed();
    }

    /** Adds a listener. */
    public final void subscribe(Listener listener) {
        listeners.add(listener);
    }

    /**
     * Keeps {@code cache} (keyed as changes of {@code kind} are) current: a change drops its entry, and
     * missed changes mark every entry stale.
     */
    public final void keepsCurrent(Change.Kind kind, ReadThroughCache<String, ?> cache) {
        subscribe(new Listener() {
            @Override
            public void changed(Change change) {
                if (change.kind() == kind) {
                    cache.invalidate(change.key());
                }
            }

            @Override
            public void missed() {
                cache.expireAll();
            }
        });
    }

    /** Tells every node, this one included, that {@code change} was made. */
    public void publish(Change change) {
        deliver(change);
    }

    /** Tells this node's listeners of a change. */
    protected final void deliver(Change change) {
        listeners.forEach(l -> l.changed(change));
    }

    /** Tells this node's listeners that changes may have been missed. */
    protected final void deliverMissed() {
        listeners.forEach(Listener::missed);
    }
}
