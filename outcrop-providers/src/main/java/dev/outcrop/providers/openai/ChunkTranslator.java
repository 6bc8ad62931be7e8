package dev.outcrop.providers.openai;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.invoke.AnswerConfidence;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatEventSink;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.invoke.Usage;
import dev.outcrop.providers.Tokenizer;
import dev.outcrop.providers.UpstreamCounts;
import dev.outcrop.providers.http.Line;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the chunks of a chat completions stream into chat events: text and tool-call pieces as they come,
 * then, once the stream has finished, the blocks' ends, the stop reason and the usage.
 */
final class ChunkTranslator {
    private static final ObjectMapper JSON = JsonMappers.mapper();

    private final Deployment deployment;
    private final ChatRequest request;
    private final Tokenizer tokenizer;
    private final ChatEventSink sink;
    private final Map<Integer, Integer> toolBlocks = new LinkedHashMap<>();
    private final StringBuilder text = new StringBuilder();
    private int textBlock = -1;
    private int reasoningBlock = -1;
    private int nextBlock;
    private boolean started;
    private String finishReason;
    private String stopString;
    private Usage usage;
    private int confidenceTokens;
    private double logprobSum;

    ChunkTranslator(Deployment deployment, ChatRequest request, Tokenizer tokenizer, ChatEventSink sink) {
        this.deployment = deployment;
        this.request = request;
        this.tokenizer = tokenizer;
        this.sink = sink;
    }

    boolean started() {
        return started;
    }

    /**
     * One chunk's JSON, read with a streaming parser, no tree: six of them a call. One with an {@code error}
     * member, or whose {@code object} is {@code "error"}, is an error event: read again as a tree, which says what
     * the error was. One that is not a JSON object is malformed, as a chunk that does not parse is.
     */
    void chunk(Line data) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(data.bytes(), data.from(), data.length())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(parser, "a chunk that is not a JSON object");
            }
            List<Choice> choices = new ArrayList<>(1);
            Usage reported = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("choices") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        choices.add(Choice.read(parser));
                    }
                } else if (field.equals("usage") && value == JsonToken.START_OBJECT) {
                    reported = readUsage(parser);
                } else if (field.equals("error") || (field.equals("object") && value == JsonToken.VALUE_STRING
                        && parser.getTextLength() == 5 && parser.getText().equals("error"))) {
                    throw BackendErrors.errorEvent(deployment, JSON.readTree(data.bytes(), data.from(), data.length()));
                } else {
                    parser.skipChildren();
                }
            }
            // Acted on only once the whole chunk has parsed, as a tree would be: a malformed chunk adds nothing.
            start();
            choices.forEach(this::choice);
            if (reported != null) {
                usage = reported;
            }
        }
    }

    private void choice(Choice choice) {
        reasoning(choice.reasoning);
        if (!choice.content.isEmpty()) {
            if (textBlock < 0) {
                textBlock = nextBlock++;
            }
            text.append(choice.content);
            sink.accept(new ChatEvent.TextDelta(textBlock, choice.content));
        }
        for (ToolCallPiece call : choice.toolCalls) {
            int index = call.index() != null ? call.index() : toolBlocks.size();
            Integer block = toolBlocks.get(index);
            if (block == null) {
                block = nextBlock++;
                toolBlocks.put(index, block);
                sink.accept(new ChatEvent.ToolUseStart(block, call.id() != null ? call.id() : "call_" + index,
                        call.name()));
            }
            if (!call.arguments().isEmpty()) {
                sink.accept(new ChatEvent.ToolInputDelta(block, call.arguments()));
            }
        }
        confidenceTokens += choice.logprobTokens;
        logprobSum += choice.logprobSum;
        if (choice.finishReason != null) {
            finishReason = choice.finishReason;
            stopString = choice.stopReason;
        }
    }

    /** A reasoning model's thinking, answered as a reasoning block of its own before the text. */
    private void reasoning(String piece) {
        if (piece.isEmpty()) {
            return;
        }
        if (reasoningBlock < 0) {
            reasoningBlock = nextBlock++;
        }
        sink.accept(new ChatEvent.ReasoningDelta(reasoningBlock, piece));
    }

    /** {@code usage} with {@code prompt_tokens}, or null; the parser on the object's start, left on its end. */
    private static Usage readUsage(JsonParser parser) throws IOException {
        Long prompt = null;
        long completion = 0;
        long cached = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "prompt_tokens" -> prompt = value.isScalarValue() ? parser.getValueAsLong() : skip(parser, 0);
                case "completion_tokens" -> completion = value.isScalarValue() ? parser.getValueAsLong() : skip(parser, 0);
                case "prompt_tokens_details" -> {
                    if (value == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            boolean isCached = parser.currentName().equals("cached_tokens");
                            JsonToken detail = parser.nextToken();
                            if (isCached && detail.isScalarValue()) {
                                cached = parser.getValueAsLong(0);
                            } else {
                                parser.skipChildren();
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return prompt == null ? null : usage(prompt, completion, cached);
    }

    /**
     * Bedrock's usage from a chat completions usage: OpenAI's {@code prompt_tokens} includes the tokens read
     * from the prefix cache, Bedrock's {@code inputTokens} does not (they are {@code cacheReadInputTokens},
     * priced apart). Counts out of bounds are a broken answer ({@link UpstreamCounts}).
     */
    static Usage usage(long promptTokens, long completionTokens, long cachedTokens) throws IOException {
        long prompt = UpstreamCounts.tokens(promptTokens, "prompt tokens");
        long cached = Math.max(0, Math.min(cachedTokens, prompt));
        return UpstreamCounts.usage(prompt - cached, completionTokens, cached, 0);
    }

    private static long skip(JsonParser parser, long value) throws IOException {
        parser.skipChildren();
        return value;
    }

    /** A piece of a tool call: its index, id and name (in its first piece) and a piece of its arguments. */
    private record ToolCallPiece(Integer index, String id, String name, String arguments) {
        static ToolCallPiece read(JsonParser parser) throws IOException {
            Integer index = null;
            String id = null;
            String name = "";
            String arguments = "";
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("index") && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    index = parser.getValueAsInt();
                } else if (field.equals("id") && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    id = parser.getValueAsString();
                } else if (field.equals("function") && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String part = parser.currentName();
                        JsonToken partValue = parser.nextToken();
                        if (partValue.isScalarValue() && partValue != JsonToken.VALUE_NULL && part.equals("name")) {
                            name = parser.getValueAsString();
                        } else if (partValue.isScalarValue() && partValue != JsonToken.VALUE_NULL
                                && part.equals("arguments")) {
                            arguments = parser.getValueAsString();
                        } else {
                            parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return new ToolCallPiece(index, id, name, arguments);
        }
    }

    /** One element of {@code choices}: what its delta adds and how it finished, read before any is acted on. */
    private static final class Choice {
        private String content = "";
        private String reasoning = "";
        private final List<ToolCallPiece> toolCalls = new ArrayList<>(0);
        private String finishReason;
        private String stopReason;
        private int logprobTokens;
        private double logprobSum;

        /** Reads the object the parser is on the start of, leaving the parser on its end. */
        static Choice read(JsonParser parser) throws IOException {
            Choice choice = new Choice();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "delta" -> {
                        if (value == JsonToken.START_OBJECT) {
                            choice.readDelta(parser);
                        } else {
                            parser.skipChildren();
                        }
                    }
                    case "finish_reason" -> choice.finishReason = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "stop_reason" -> choice.stopReason = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "logprobs" -> {
                        if (value == JsonToken.START_OBJECT) {
                            choice.readLogprobs(parser);
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (choice.finishReason == null) {
                choice.stopReason = null;
            }
            return choice;
        }

        /**
         * {@code logprobs.content[].logprob} of the tokens this chunk adds (asked for by a request that reports its
         * confidence). A value is bounded to [-1000, 0]: vLLM writes -9999.0 for a token it held impossible, and a
         * server's rounding may give a positive zero's neighbour.
         */
        private void readLogprobs(JsonParser parser) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean content = parser.currentName().equals("content");
                if (parser.nextToken() != JsonToken.START_ARRAY || !content) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        boolean logprob = parser.currentName().equals("logprob");
                        JsonToken value = parser.nextToken();
                        if (logprob && value.isNumeric()) {
                            double figure = parser.getDoubleValue();
                            if (!Double.isNaN(figure)) {
                                logprobSum += Math.max(-1000, Math.min(0, figure));
                                logprobTokens++;
                            }
                        } else {
                            parser.skipChildren();
                        }
                    }
                }
            }
        }

        private void readDelta(JsonParser parser) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("content") && value.isScalarValue()) {
                    content = parser.getValueAsString("");
                } else if ((field.equals("reasoning_content") || field.equals("reasoning")) && value.isScalarValue()) {
                    reasoning = parser.getValueAsString(""); // vLLM's reasoning parsers, DeepSeek; newer vLLM
                } else if (field.equals("tool_calls") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        toolCalls.add(ToolCallPiece.read(parser));
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    private void start() {
        if (!started) {
            started = true;
            sink.accept(new ChatEvent.MessageStart("assistant"));
        }
    }

    void finish() {
        if (finishReason == null) {
            throw started
                    ? BackendErrors.streamBroke(deployment, null, "the stream ended without a finish reason")
                    : BackendErrors.unreachable(deployment, "the stream ended without an answer");
        }
        for (int block = 0; block < nextBlock; block++) {
            sink.accept(new ChatEvent.BlockStop(block));
        }
        StopReason reason = stopReason();
        sink.accept(new ChatEvent.MessageStop(reason, reason == StopReason.STOP_SEQUENCE ? stopString : null));
        // Servers that send no usage (older Ollama) are measured with the same tokenizer as the simulator.
        Usage measured = usage != null ? usage : new Usage(tokenizer.count(request), tokenizer.count(text.toString()), 0, 0);
        sink.accept(new ChatEvent.Metadata(measured, confidence()));
    }

    /** What the stream's log-probabilities say of the answer, when the request asked and the server reported. */
    private AnswerConfidence confidence() {
        return request.reportConfidence() && confidenceTokens > 0 ? new AnswerConfidence(confidenceTokens, logprobSum)
                : null;
    }

    private StopReason stopReason() {
        return switch (finishReason) {
            case "length" -> StopReason.MAX_TOKENS;
            case "tool_calls", "function_call" -> StopReason.TOOL_USE;
            case "content_filter" -> StopReason.CONTENT_FILTERED;
            default -> stopString != null && request.parameters().stopSequences().contains(stopString)
                    ? StopReason.STOP_SEQUENCE : StopReason.END_TURN;
        };
    }
}
