package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One block of a message's content. */
public sealed interface ContentBlock {

    /** Text. */
    record Text(String text) implements ContentBlock {
        /** Checks the member. */
        public Text {
            requireNonNull(text, "text");
        }
    }

    /** The model asks for a tool to be called. */
    record ToolUse(String toolUseId, String name, JsonNode input) implements ContentBlock {
        /** Checks the members. */
        public ToolUse {
            requireNonNull(toolUseId, "toolUseId");
            requireNonNull(name, "name");
            requireNonNull(input, "input");
        }
    }

    /** The caller answers a tool call; {@code content} holds text or JSON parts. */
    record ToolResult(String toolUseId, List<JsonNode> content, String status) implements ContentBlock {
        /** Copies the list. */
        public ToolResult {
            requireNonNull(toolUseId, "toolUseId");
            content = List.copyOf(content);
        }
    }

    /** Any other block (image, document, reasoning, ...), kept as its wire JSON. */
    record Other(String type, JsonNode wire) implements ContentBlock {
        /** Checks the members. */
        public Other {
            requireNonNull(type, "type");
            requireNonNull(wire, "wire");
        }
    }
}
