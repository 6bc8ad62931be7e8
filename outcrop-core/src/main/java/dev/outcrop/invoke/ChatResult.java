package dev.outcrop.invoke;

import java.util.List;

/**
 * A complete answer.
 *
 * @param content the assistant message's blocks
 * @param stopReason why the model stopped
 * @param usage tokens used
 * @param stopSequence the stop sequence that ended the answer, or null
 */
public record ChatResult(List<ContentBlock> content, StopReason stopReason, Usage usage, String stopSequence) {
    /** Copies the list. */
    public ChatResult {
        content = List.copyOf(content);
    }

    /** An answer that no named stop sequence ended. */
    public ChatResult(List<ContentBlock> content, StopReason stopReason, Usage usage) {
        this(content, stopReason, usage, null);
    }

    /** The text of the answer's text blocks, joined. */
    public String text() {
        return new Message("assistant", content).text();
    }
}
