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
 * @param notes what the provider of the last attempt said about how it served the call
 *        ({@link ChatEventSink#note}), empty if nothing
 */
public record Invocation(Target target, List<String> servedRegions, Usage usage, Duration latency,
                         Duration providerTime, Duration firstToken, java.util.Map<String, String> notes) {
    /** Copies the list and the map. */
    public Invocation {
        requireNonNull(target, "target");
        servedRegions = List.copyOf(servedRegions);
        requireNonNull(usage, "usage");
        requireNonNull(latency, "latency");
        requireNonNull(providerTime, "providerTime");
        notes = notes == null ? java.util.Map.of() : java.util.Map.copyOf(notes);
    }

    /** An invocation whose provider noted nothing. */
    public Invocation(Target target, List<String> servedRegions, Usage usage, Duration latency,
                      Duration providerTime, Duration firstToken) {
        this(target, servedRegions, usage, latency, providerTime, firstToken, java.util.Map.of());
    }

    /** The region that served the answer (the last one, if it was continued elsewhere). */
    public String servedRegion() {
        return servedRegions.isEmpty() ? "" : servedRegions.getLast();
    }
}
