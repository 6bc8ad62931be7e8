package dev.outcrop.invoke;

/** Receives a model's answer event by event. */
@FunctionalInterface
public interface ChatEventSink {
    /** Takes one event; may block while the client reads slowly. */
    void accept(ChatEvent event);

    /**
     * Told, before the first event, which region serves the answer, and how long the providers have
     * worked on the call so far (the rest of the elapsed time is Outcrop's own).
     */
    default void servingRegion(String region, java.time.Duration providerTime) {
    }

    /**
     * Told, when the call fails for good, what it had used until then (partial answers are real usage),
     * just before the failure is thrown.
     */
    default void failed(Invocation soFar) {
    }
}
