package dev.outcrop.invoke;

/** Why a model stopped, with Bedrock's Converse wire values. */
public enum StopReason {
    /** The model finished its turn. */
    END_TURN("end_turn"),
    /** The model wants a tool called. */
    TOOL_USE("tool_use"),
    /** {@code maxTokens} was reached. */
    MAX_TOKENS("max_tokens"),
    /** A stop sequence was generated. */
    STOP_SEQUENCE("stop_sequence"),
    /** A content filter stopped the answer. */
    CONTENT_FILTERED("content_filtered");

    private final String wire;

    StopReason(String wire) {
        this.wire = wire;
    }

    /** The Converse wire value. */
    public String wire() {
        return wire;
    }
}
