package dev.outcrop.server.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.NativeRequest;
import dev.outcrop.profileconfig.ParameterNames;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import java.util.function.Consumer;

/**
 * What one runtime operation supplies to the {@link ModelCall}: its codec (reading its request, writing its
 * answer) and its event sink. Everything else a call does is the pipeline's.
 */
interface ModelOperation {
    /** Reads and validates the call's request members into the neutral request (the target is known). */
    ChatRequest parse(RuntimeCall call);

    /**
     * Where the operation's request carries each inference parameter, so that a refusal names the member the
     * caller sent ({@link ApplyStoredConfig}); Converse's members unless the operation says otherwise.
     */
    default ParameterNames parameterNames(RuntimeCall call) {
        return ParameterNames.CONVERSE;
    }

    /** The {@code anthropic_version} the call's native body sent, or null when its form has none. */
    default String anthropicVersion(RuntimeCall call) {
        return null;
    }

    /**
     * The caller's body exactly as sent, for a provider that sends it upstream untranslated
     * ({@link NativeRequest}); null when the operation has none.
     */
    default NativeRequest nativeRequest(RuntimeCall call) {
        return null;
    }

    /**
     * The operation a call of this one becomes when its {@code modelId} is a prompt version ({@link RenderPrompt}):
     * the Converse or ConverseStream operation that answers it; null when the operation runs no prompt.
     */
    default ModelOperation throughPrompt() {
        return null;
    }

    /**
     * The Converse members {@code wire} gives a prompt version (its variables, its latency and service tier), before
     * the template fills in the rest; only for an operation with a {@link #throughPrompt()}.
     *
     * @throws dev.outcrop.error.ValidationException for what a call through a prompt may not give
     */
    default ObjectNode promptMembers(OperationCall wire) {
        throw new UnsupportedOperationException("runs no prompt");
    }

    /** Whether the operation runs the model; CountTokens only counts. */
    default boolean invokesModel() {
        return true;
    }

    /**
     * The reply: creates the call's answer sink and hands it to {@code answering}, which runs the remaining
     * stages into it: at once for a plain reply (then the sink's {@link AnswerSink#complete} rendered it), or
     * inside the reply's stream.
     */
    Reply reply(RuntimeCall call, Consumer<AnswerSink> answering);
}
