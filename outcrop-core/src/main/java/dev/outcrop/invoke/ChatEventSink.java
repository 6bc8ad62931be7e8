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

    /**
     * A piece of the upstream's answer exactly as it arrived, for an operation that hands it on unchanged: one
     * native chunk's payload of a stream, one ConverseStream event-stream message, or the whole body of a plain
     * answer. It comes before the events parsed from it; {@code last} marks the piece that carries the usage (a
     * stream's final chunk or metadata event). A sink that renders the events itself ignores it.
     */
    default void nativeAnswer(byte[] payload, boolean last) {
    }

    /**
     * Whether, after pieces of an upstream's own answer, this sink can render the events another deployment
     * continues the answer with, in the same form (a ConverseStream's events are one form whoever writes them). A
     * sink that cannot (a native chunk stream of one model family) makes an answer it was handed natively end where
     * the upstream broke off.
     */
    default boolean continuesNativeAnswers() {
        return false;
    }

    /** The upstream's own answer broke off and another deployment continues it: the events from here on are to be rendered. */
    default void nativeAnswerEnded() {
    }

    /**
     * Something the provider says about how it served the call (which upstream id, which region), kept on the
     * call's usage record ({@link Invocation#notes()}).
     */
    default void note(String key, String value) {
    }
}
