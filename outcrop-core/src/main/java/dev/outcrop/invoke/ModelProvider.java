package dev.outcrop.invoke;

/**
 * A model backend: the simulator, an OpenAI-compatible server, real Bedrock. Implementations live in
 * {@code outcrop-providers}.
 *
 * <p>Failures are {@link dev.outcrop.error.BedrockException}s that say what a client should do:
 * {@code ThrottlingException} (the backend said 429), {@code ServiceUnavailableException} (it is down or
 * answered 5xx), {@code ModelTimeoutException}, {@code ModelErrorException} (it failed on this input);
 * during a stream, {@code ModelStreamErrorException}.
 */
public interface ModelProvider {

    /** Generates the answer to {@code request} on {@code deployment}, event by event, into {@code sink}. */
    void converse(Deployment deployment, ChatRequest request, ChatEventSink sink);

    /**
     * As {@link #converse(Deployment, ChatRequest, ChatEventSink)}, with the caller's own body ({@code body}, null
     * when a stage changed the request) for a provider that can send it upstream untranslated. Such a provider may
     * hand its upstream's answer on unchanged ({@link ChatEventSink#nativeAnswer}) beside the events parsed from it.
     */
    default void converse(Deployment deployment, ChatRequest request, NativeRequest body, ChatEventSink sink) {
        converse(deployment, request, sink);
    }

    /**
     * The input tokens of a CountTokens call ({@code body}) as the backend counts them, or null when it does not
     * count (Outcrop's own tokenizer counts then).
     */
    default Integer countTokens(Deployment deployment, NativeRequest body) {
        return null;
    }

    /** Whether {@link #countTokens} counts: only such deployments are asked a CountTokens call. */
    default boolean countsTokens() {
        return false;
    }

    /** Whether a partial assistant answer at the end of a request is continued rather than answered anew. */
    default boolean continuesPartialAnswers() {
        return false;
    }

    /**
     * Whether an answer to a request with an {@link ChatRequest#outputSchema()} always conforms to it (the
     * backend constrains its decoding); otherwise Outcrop checks the answer before the caller sees it.
     */
    default boolean enforcesOutputSchema() {
        return false;
    }
}
