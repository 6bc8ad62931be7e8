package dev.outcrop.invoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.outcrop.error.ModelErrorException;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.TreeMap;

/** Gathers a stream of {@link ChatEvent}s into a {@link ChatResult}: a non-streaming call is a gathered stream. */
public final class ChatAccumulator implements ChatEventSink {
    private static final ObjectMapper JSON = JsonMappers.mapper();

    private final TreeMap<Integer, StringBuilder> texts = new TreeMap<>();
    private final TreeMap<Integer, StringBuilder> reasoning = new TreeMap<>();
    private final TreeMap<Integer, ContentBlock.ToolUse> toolUses = new TreeMap<>();
    private final TreeMap<Integer, StringBuilder> toolInputs = new TreeMap<>();
    private StopReason stopReason;
    private String stopSequence;
    private Usage usage = Usage.NONE;

    @Override
    public void accept(ChatEvent event) {
        switch (event) {
            case ChatEvent.MessageStart start -> { }
            case ChatEvent.ToolUseStart start -> {
                toolUses.put(start.index(), new ContentBlock.ToolUse(start.toolUseId(), start.name(),
                        JsonNodeFactory.instance.objectNode()));
                toolInputs.put(start.index(), new StringBuilder());
            }
            case ChatEvent.TextDelta delta -> texts.computeIfAbsent(delta.index(), i -> new StringBuilder())
                    .append(delta.text());
            case ChatEvent.ReasoningDelta delta -> reasoning.computeIfAbsent(delta.index(), i -> new StringBuilder())
                    .append(delta.text());
            case ChatEvent.ToolInputDelta delta -> toolInputs.computeIfAbsent(delta.index(), i -> new StringBuilder())
                    .append(delta.json());
            case ChatEvent.BlockStop stop -> { }
            case ChatEvent.MessageStop stop -> {
                stopReason = stop.stopReason();
                stopSequence = stop.stopSequence();
            }
            case ChatEvent.Metadata metadata -> usage = metadata.usage();
        }
    }

    /** The answer gathered so far: text so far is what a continuation resumes from. */
    public String textSoFar() {
        StringBuilder all = new StringBuilder();
        texts.values().forEach(all::append);
        return all.toString();
    }

    /** The complete answer; the stream must have ended with a {@link ChatEvent.MessageStop}. */
    public ChatResult result() {
        if (stopReason == null) {
            throw new ModelErrorException("The model ended its answer without a stop reason.", null, null);
        }
        TreeMap<Integer, ContentBlock> blocks = new TreeMap<>();
        texts.forEach((index, text) -> blocks.put(index, new ContentBlock.Text(text.toString())));
        reasoning.forEach((index, text) -> blocks.put(index, reasoningBlock(text.toString())));
        toolUses.forEach((index, use) -> blocks.put(index, new ContentBlock.ToolUse(use.toolUseId(), use.name(),
                parseInput(toolInputs.get(index)))));
        return new ChatResult(new ArrayList<>(blocks.values()), stopReason, usage, stopSequence);
    }

    /** A reasoning block as Converse writes it: {@code {"reasoningContent": {"reasoningText": {"text": ...}}}}. */
    private static ContentBlock reasoningBlock(String text) {
        var wire = JsonNodeFactory.instance.objectNode();
        wire.putObject("reasoningContent").putObject("reasoningText").put("text", text);
        return new ContentBlock.Other("reasoningContent", wire);
    }

    private static JsonNode parseInput(StringBuilder json) {
        if (json == null || json.isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return JSON.readTree(json.toString());
        } catch (IOException e) {
            throw new ModelErrorException("The model produced a tool input that is not valid JSON.", null, null);
        }
    }
}
