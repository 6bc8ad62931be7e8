package dev.outcrop.invoke;

/**
 * One event of a model's answer as it is generated, in the order Bedrock streams them: {@link MessageStart},
 * per block ({@link ToolUseStart})? deltas {@link BlockStop}, then {@link MessageStop} and {@link Metadata}.
 * A non-streaming call gathers the same events into a {@link ChatResult}.
 */
public sealed interface ChatEvent {

    /** The assistant's message starts. */
    record MessageStart(String role) implements ChatEvent {}

    /** A tool-use block starts at {@code index}. */
    record ToolUseStart(int index, String toolUseId, String name) implements ChatEvent {}

    /** Generated text for the block at {@code index}. */
    record TextDelta(int index, String text) implements ChatEvent {}

    /** The model's reasoning before its answer (a reasoning model's thinking), for the block at {@code index}. */
    record ReasoningDelta(int index, String text) implements ChatEvent {}

    /** A fragment of a tool call's JSON input for the block at {@code index}. */
    record ToolInputDelta(int index, String json) implements ChatEvent {}

    /** The block at {@code index} is complete. */
    record BlockStop(int index) implements ChatEvent {}

    /**
     * The message is complete.
     *
     * @param stopReason why the model stopped
     * @param stopSequence the stop sequence that ended it, when {@code stopReason} is {@code STOP_SEQUENCE}
     *        and the model said which; null otherwise
     */
    record MessageStop(StopReason stopReason, String stopSequence) implements ChatEvent {
        /** A stop that names no stop sequence. */
        public MessageStop(StopReason stopReason) {
            this(stopReason, null);
        }
    }

    /**
     * The call's token usage, last.
     *
     * @param usage the tokens used
     * @param confidence the generated tokens' log-probabilities, when the request asked for them
     *        ({@link ChatRequest#reportConfidence}) and the backend reported them; null otherwise
     */
    record Metadata(Usage usage, AnswerConfidence confidence) implements ChatEvent {
        /** Usage without a confidence. */
        public Metadata(Usage usage) {
            this(usage, null);
        }
    }
}
