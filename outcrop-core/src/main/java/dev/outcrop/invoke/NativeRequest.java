package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

/**
 * A call's request body exactly as the caller sent it, in the wire form of its operation, for a provider that
 * speaks Bedrock's own API ({@link ModelProvider#converse(Deployment, ChatRequest, NativeRequest, ChatEventSink)}):
 * it goes upstream as it came, with no translation. The pipeline gives it only while no stage changed the request
 * (stored configuration, a rendered prompt, a router's choice of another family); otherwise the provider is given
 * the {@link ChatRequest} alone and serializes it.
 *
 * @param operation the runtime operation the caller called
 * @param body the request body as received (never changed; not copied, so nobody may write to it)
 * @param maxTokensField where the body carries the most tokens to generate (a JSON pointer: Converse's
 *        {@link #CONVERSE_MAX_TOKENS}, a native family's own field such as Llama's {@code /max_gen_len}), so that a
 *        provider can give the backend the bound admission reserved when the caller set none; null when the
 *        operation generates nothing
 */
public record NativeRequest(Operation operation, byte[] body, String maxTokensField) {
    /** Where a Converse body carries {@code maxTokens}. */
    public static final String CONVERSE_MAX_TOKENS = "/inferenceConfig/maxTokens";

    /** Checks the members. */
    public NativeRequest {
        requireNonNull(operation, "operation");
        requireNonNull(body, "body");
    }

    /** A body that carries no bound of its own ({@link #maxTokensField} null). */
    public NativeRequest(Operation operation, byte[] body) {
        this(operation, body, null);
    }

    /** The runtime operations whose bodies can go upstream unchanged. */
    public enum Operation {
        /** Converse: the Converse body, answered with one Converse body. */
        CONVERSE,
        /** ConverseStream: the same body, answered with ConverseStream's events. */
        CONVERSE_STREAM,
        /** InvokeModel: the model family's native body, answered with one native body. */
        INVOKE,
        /** InvokeModelWithResponseStream: the native body, answered with native chunks. */
        INVOKE_STREAM,
        /** CountTokens: its {@code input} union. */
        COUNT_TOKENS
    }
}
