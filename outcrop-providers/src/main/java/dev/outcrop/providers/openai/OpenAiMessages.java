package dev.outcrop.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Writes a conversation as chat completions {@code messages}, block by block: every Converse block is
 * carried as the API allows, or refused with a {@code ValidationException} that names it; none is dropped
 * or merged without a word.
 *
 * <p>Text blocks of a message are joined with a line break (the separator every chat template keeps);
 * images become {@code image_url} parts with a data URL; text documents become text wrapped in a
 * {@code <document>} element with their name and format; a tool result becomes a {@code tool} message whose
 * text, JSON and text documents are joined with line breaks, prefixed with {@code Error: } when its status is
 * {@code error}. {@code cachePoint} hints and the reasoning of earlier answers are not sent. What the API
 * cannot carry (binary documents, videos, images in tool results, S3 sources) is refused.
 */
final class OpenAiMessages {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Document formats that are text, so that any chat server can read them. */
    private static final Set<String> TEXT_DOCUMENTS = Set.of("txt", "md", "csv", "html");
    /** Blocks that carry no content for the model: hints to Bedrock itself. */
    private static final Set<String> HINTS = Set.of("cachePoint");

    private OpenAiMessages() {}

    /** Appends {@code conversation} to {@code messages}. */
    static void add(ArrayNode messages, List<Message> conversation) {
        for (int i = 0; i < conversation.size(); i++) {
            add(messages, conversation.get(i), "messages." + i);
        }
    }

    private static void add(ArrayNode messages, Message message, String where) {
        List<String> texts = new ArrayList<>();
        ArrayNode images = NODES.arrayNode();
        ArrayNode toolCalls = NODES.arrayNode();
        List<ContentBlock> content = message.content();
        for (int j = 0; j < content.size(); j++) {
            String at = where + ".content." + j;
            switch (content.get(j)) {
                case ContentBlock.Text t -> texts.add(t.text());
                case ContentBlock.ToolUse use -> {
                    ObjectNode call = toolCalls.addObject().put("id", use.toolUseId()).put("type", "function");
                    call.putObject("function").put("name", use.name()).put("arguments", use.input().toString());
                }
                case ContentBlock.ToolResult result -> messages.addObject().put("role", "tool")
                        .put("tool_call_id", result.toolUseId()).put("content", toolResult(result, at + ".toolResult"));
                case ContentBlock.Other other -> {
                    // An earlier answer's reasoning: chat templates drop it from the history, so it is not sent.
                    if (!(other.type().equals("reasoningContent") && message.role().equals("assistant"))) {
                        other(other, at, texts, images);
                    }
                }
            }
        }
        if (texts.isEmpty() && images.isEmpty() && toolCalls.isEmpty()) {
            return; // a message of tool results only: they are the tool messages above
        }
        ObjectNode out = messages.addObject().put("role", message.role());
        String text = String.join("\n", texts);
        if (!images.isEmpty()) {
            ArrayNode parts = out.putArray("content");
            if (!texts.isEmpty()) {
                parts.addObject().put("type", "text").put("text", text);
            }
            parts.addAll(images);
        } else if (texts.isEmpty()) {
            out.putNull("content"); // an assistant turn of tool calls only
        } else {
            out.put("content", text);
        }
        if (!toolCalls.isEmpty()) {
            out.set("tool_calls", toolCalls);
        }
    }

    private static void other(ContentBlock.Other block, String at, List<String> texts, ArrayNode images) {
        JsonNode wire = block.wire().path(block.type());
        switch (block.type()) {
            case "image" -> images.add(image(wire, at + ".image"));
            case "document" -> texts.add(document(wire, at + ".document"));
            case "guardContent" -> {
                // Without a guardrail, Bedrock reads guarded text as text.
                if (!wire.path("text").path("text").isTextual()) {
                    throw unsupported("guardContent", at, "only guarded text can be sent to this model");
                }
                texts.add(wire.path("text").path("text").asText());
            }
            default -> {
                if (!HINTS.contains(block.type())) {
                    throw unsupported(block.type(), at, null);
                }
            }
        }
    }

    private static ObjectNode image(JsonNode image, String at) {
        JsonNode bytes = image.path("source").path("bytes");
        if (!bytes.isTextual()) {
            throw unsupported("image", at, "only images given as bytes can be sent to this model, not from S3");
        }
        ObjectNode part = NODES.objectNode().put("type", "image_url");
        part.putObject("image_url").put("url", "data:image/" + image.path("format").asText("png") + ";base64,"
                + bytes.asText());
        return part;
    }

    /** A text document as text; any other format or source is refused. */
    private static String document(JsonNode document, String at) {
        String format = document.path("format").asText("txt");
        String name = document.path("name").asText("document");
        JsonNode source = document.path("source");
        String text;
        if (source.path("text").isTextual()) {
            text = source.path("text").asText();
        } else if (source.path("content").isArray()) {
            List<String> parts = new ArrayList<>();
            source.path("content").forEach(part -> parts.add(part.path("text").asText()));
            text = String.join("\n", parts);
        } else if (source.path("bytes").isTextual() && TEXT_DOCUMENTS.contains(format)) {
            text = new String(Base64.getDecoder().decode(source.path("bytes").asText()), StandardCharsets.UTF_8);
        } else if (source.path("bytes").isTextual()) {
            throw unsupported("document", at, "this model reads the text formats csv, html, md and txt, not " + format);
        } else {
            throw unsupported("document", at, "only documents given as bytes or text can be sent to this model, not from S3");
        }
        return "<document name=\"" + name + "\" format=\"" + format + "\">\n" + text + "\n</document>";
    }

    /** A tool result's text: its text, JSON and text documents joined with line breaks, marked when it failed. */
    private static String toolResult(ContentBlock.ToolResult result, String at) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < result.content().size(); k++) {
            JsonNode part = result.content().get(k);
            String partAt = at + ".content." + k;
            if (part.has("text")) {
                parts.add(part.path("text").asText());
            } else if (part.has("json")) {
                parts.add(part.path("json").toString());
            } else if (part.has("document")) {
                parts.add(document(part.path("document"), partAt + ".document"));
            } else {
                String type = part.fieldNames().hasNext() ? part.fieldNames().next() : "unknown";
                throw unsupported(type, partAt, "a tool result can carry text, JSON and text documents to this model");
            }
        }
        String text = String.join("\n", parts);
        return "error".equals(result.status()) ? "Error: " + text : text;
    }

    /** Bedrock's refusal of a block the model cannot take, with where it is and why. */
    static ValidationException unsupported(String type, String at, String why) {
        return new ValidationException("This model doesn't support the " + type + " content block that you provided at "
                + at + (why == null ? "." : " (" + why + ")."));
    }
}
