package dev.outcrop.usage;

/** Told of every usage record as it is made (metrics). */
@FunctionalInterface
public interface UsageObserver {
    /** Nothing observes. */
    UsageObserver NONE = (record, call) -> { };

    /** A record was made for {@code call}. */
    void recorded(UsageRecord record, UsageAccounting.Call call);
}
