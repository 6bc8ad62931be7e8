package dev.outcrop.invoke;

import java.util.List;

/**
 * A complete answer.
 *
 * @param content the assistant message's blocks
 * @param stopReason why the model stopped
 * @param usage tokens used
 */
public record ChatResult(List<ContentBlock> content, StopReason stopReason, Usage usage) {
    /** Copies the list. */
    public ChatResult {
        content = List.copyOf(content);
    }

    /** The text of the answer's text blocks, joined. */
    public String text() {
        return new Message("assistant", content).text();
    }
}
