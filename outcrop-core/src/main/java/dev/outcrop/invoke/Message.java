package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A message of a conversation.
 *
 * @param role {@code user} or {@code assistant}
 * @param content its blocks
 */
public record Message(String role, List<ContentBlock> content) {
    /** Copies the list. */
    public Message {
        requireNonNull(role, "role");
        content = List.copyOf(content);
    }

    /** The text of the message's text blocks, joined. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : content) {
            if (block instanceof ContentBlock.Text t) {
                text.append(t.text());
            }
        }
        return text.toString();
    }
}
