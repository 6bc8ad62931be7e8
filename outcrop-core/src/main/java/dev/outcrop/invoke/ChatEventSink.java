package dev.outcrop.invoke;

/** Receives a model's answer event by event. */
@FunctionalInterface
public interface ChatEventSink {
    /** Takes one event; may block while the client reads slowly. */
    void accept(ChatEvent event);

    /** Told, before the first event, which region serves the answer. */
    default void servingRegion(String region) {
    }
}
