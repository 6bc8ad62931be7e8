package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * What happened to one call, known once it is over.
 *
 * @param target what was called
 * @param servedRegions the regions that generated the answer, in order (two when a stream was continued)
 * @param usage tokens used in all
 * @param latency from the call's start to its last event
 * @param providerTime the time spent waiting for providers, failed attempts included
 * @param firstToken time from the call's start to the first event the caller got, or null if none
 */
public record Invocation(Target target, List<String> servedRegions, Usage usage, Duration latency,
                         Duration providerTime, Duration firstToken) {
    /** Copies the list. */
    public Invocation {
        requireNonNull(target, "target");
        servedRegions = List.copyOf(servedRegions);
        requireNonNull(usage, "usage");
        requireNonNull(latency, "latency");
        requireNonNull(providerTime, "providerTime");
    }

    /** The region that served the answer (the last one, if it was continued elsewhere). */
    public String servedRegion() {
        return servedRegions.isEmpty() ? "" : servedRegions.getLast();
    }
}
