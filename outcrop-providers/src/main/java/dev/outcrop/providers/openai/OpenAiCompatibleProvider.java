package dev.outcrop.providers.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.ModelErrorException;
import dev.outcrop.error.ModelStreamErrorException;
import dev.outcrop.error.ModelTimeoutException;
import dev.outcrop.error.ServiceUnavailableException;
import dev.outcrop.error.ThrottlingException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatEventSink;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.ModelProvider;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.invoke.Usage;
import dev.outcrop.providers.Tokenizer;
import dev.outcrop.providers.http.Line;
import dev.outcrop.providers.http.LineReader;
import dev.outcrop.providers.http.ExchangeLimits;
import dev.outcrop.providers.http.UpstreamHttpClient;
import dev.outcrop.providers.http.UpstreamResponse;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A backend speaking OpenAI's chat completions API ({@code POST {url}/chat/completions}, streamed over
 * server-sent events), as vLLM, Ollama, llama.cpp's server, TGI and LM Studio serve it.
 *
 * <p>Every call streams ({@code stream: true} with {@code stream_options.include_usage}); a non-streaming
 * Bedrock call gathers the stream. Backend failures become the Bedrock errors a client acts on: 429 is
 * {@code ThrottlingException}, 502/503 {@code ServiceUnavailableException}, 504 and a silent backend
 * {@code ModelTimeoutException}, other 5xx {@code ModelErrorException}, a refused connection
 * {@code ServiceUnavailableException}; after the first token, {@code ModelStreamErrorException}.
 */
public final class OpenAiCompatibleProvider implements ModelProvider {
    private static final ObjectMapper JSON = JsonMappers.mapper();

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json",
            "Accept", "text/event-stream");

    private final UpstreamHttpClient http;
    private final Tokenizer tokenizer;
    private final Map<String, String> apiKeys;
    private final boolean continueFinalMessage;
    private final Map<URI, URI> completionsUris = new java.util.concurrent.ConcurrentHashMap<>();

    /** Creates the provider with a client of its own; see {@link #OpenAiCompatibleProvider(UpstreamHttpClient, Tokenizer, Map, boolean)}. */
    public OpenAiCompatibleProvider(Tokenizer tokenizer, Map<String, String> apiKeys, boolean continueFinalMessage) {
        this(new UpstreamHttpClient(1, Duration.ofSeconds(5)), tokenizer, apiKeys, continueFinalMessage);
    }

    /**
     * Creates the provider.
     *
     * @param http the connections to the backends (one client may serve several providers)
     * @param apiKeys bearer keys by endpoint URL (never logged)
     * @param continueFinalMessage whether the servers behind it continue a trailing assistant message
     *        ({@code continue_final_message}, a vLLM extension)
     */
    public OpenAiCompatibleProvider(UpstreamHttpClient http, Tokenizer tokenizer, Map<String, String> apiKeys,
                                    boolean continueFinalMessage) {
        this.http = requireNonNull(http, "http");
        this.tokenizer = requireNonNull(tokenizer, "tokenizer");
        this.apiKeys = Map.copyOf(apiKeys);
        this.continueFinalMessage = continueFinalMessage;
    }

    @Override
    public boolean continuesPartialAnswers() {
        return continueFinalMessage;
    }

    @Override
    public int countTokens(Deployment deployment, ChatRequest request) {
        return tokenizer.count(request);
    }

    @Override
    public void converse(Deployment deployment, ChatRequest request, ChatEventSink sink) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(OpenAiRequests.body(deployment.remoteModel(), request, continueFinalMessage));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a chat completions request", e);
        }
        URI uri = completionsUris.computeIfAbsent(deployment.endpoint(),
                endpoint -> URI.create(endpoint.toString().replaceAll("/+$", "") + "/chat/completions"));
        String key = apiKeys.get(deployment.endpoint().toString());
        Map<String, String> headers = key == null ? HEADERS : withKey(key);
        try (UpstreamResponse response = send(deployment, uri, headers, body)) {
            if (response.status() != 200) {
                throw httpError(deployment, response);
            }
            readStream(deployment, request, response, sink);
        }
    }

    private static Map<String, String> withKey(String key) {
        Map<String, String> headers = new LinkedHashMap<>(HEADERS);
        headers.put("Authorization", "Bearer " + key);
        return headers;
    }

    private UpstreamResponse send(Deployment deployment, URI uri, Map<String, String> headers, byte[] body) {
        try {
            return http.post(uri, headers, body, new ExchangeLimits(deployment.firstByteTimeout(), deployment.timeout()));
        } catch (TimeoutException e) {
            throw new ModelTimeoutException("The model backend for " + deployment.key() + " did not answer within "
                    + deployment.firstByteTimeout().toMillis() + " ms.");
        } catch (ConnectException e) {
            throw new ServiceUnavailableException("The model backend for " + deployment.key()
                    + " could not be reached.", e);
        } catch (IOException e) {
            throw new ServiceUnavailableException("The connection to the model backend for " + deployment.key()
                    + " failed.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelTimeoutException("The call was cancelled while waiting for the model backend.");
        }
    }

    private static BedrockException httpError(Deployment deployment, UpstreamResponse response) {
        String message = errorMessage(response);
        int status = response.status();
        String prefix = "The model backend for " + deployment.key() + " answered " + status + ": ";
        return switch (status) {
            case 400, 422 -> new ValidationException(prefix + message);
            case 429 -> new ThrottlingException(prefix + message);
            case 408, 504 -> new ModelTimeoutException(prefix + message);
            case 502, 503 -> new ServiceUnavailableException(prefix + message);
            default -> new ModelErrorException(prefix + message, status, deployment.remoteModel());
        };
    }

    /** The backend's own words from an error body (its first 4 KiB), in any of the shapes servers use. */
    private static String errorMessage(UpstreamResponse response) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (byte[] piece = response.next(); piece != null && bytes.size() < 4096; piece = response.next()) {
                bytes.write(piece, 0, Math.min(piece.length, 4096 - bytes.size()));
            }
            String text = bytes.toString(StandardCharsets.UTF_8);
            JsonNode error = JSON.readTree(text);
            if (error != null && error.path("error").path("message").isTextual()) {
                return error.path("error").path("message").asText();
            }
            if (error != null && error.path("message").isTextual()) {
                return error.path("message").asText();
            }
            if (error != null && error.path("error").isTextual()) {
                return error.path("error").asText();
            }
            return text.strip();
        } catch (IOException e) {
            return "(no readable error body)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no readable error body)";
        }
    }

    private void readStream(Deployment deployment, ChatRequest request, UpstreamResponse body, ChatEventSink sink) {
        StreamTranslator translator = new StreamTranslator(request, tokenizer, sink);
        try {
            LineReader reader = new LineReader(body);
            Line line;
            while ((line = reader.next()) != null) {
                if (!line.startsWith("data:")) {
                    continue; // comments, event names, blank separators
                }
                Line data = line.skip(5).strip();
                if (data.is("[DONE]")) {
                    break;
                }
                translator.chunk(data);
                if (translator.started()) {
                    body.progressed(); // the first token came: only the call's own limit is left
                }
            }
        } catch (IOException e) {
            if (body.timedOut() && !translator.started()) {
                throw new ModelTimeoutException("The model backend for " + deployment.key()
                        + " did not start answering within " + deployment.firstByteTimeout().toMillis() + " ms.");
            }
            if (!translator.started()) {
                throw new ServiceUnavailableException("The model backend for " + deployment.key()
                        + " dropped the connection before answering.", e);
            }
            throw new ModelStreamErrorException("The model backend's stream broke off"
                    + (body.timedOut() ? " at its time limit." : "."), null, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body.abort();
            throw new ModelTimeoutException("The call was cancelled while waiting for the model backend.");
        }
        translator.finish();
    }

    /** Turns chat completion chunks into chat events. */
    private static final class StreamTranslator {
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

        StreamTranslator(ChatRequest request, Tokenizer tokenizer, ChatEventSink sink) {
            this.request = request;
            this.tokenizer = tokenizer;
            this.sink = sink;
        }

        boolean started() {
            return started;
        }

        /**
         * One chunk's JSON. The common chunk (text, tool-call pieces, a finish reason, usage) is read with a
         * streaming parser, no tree: six of them a call. One with an {@code error} member, or whose {@code object}
         * is {@code "error"}, is read again as a tree, which says what the error was.
         */
        void chunk(Line data) throws IOException {
            try (JsonParser parser = JSON.getFactory().createParser(data.bytes(), data.from(), data.length())) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    // not an object: the tree path says what it is
                    chunk(JSON.readTree(data.bytes(), data.from(), data.length()));
                    return;
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
                        // an error the backend sent in the stream: the tree path says what it was
                        chunk(JSON.readTree(data.bytes(), data.from(), data.length()));
                        return;
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
            Integer prompt = null;
            int completion = 0;
            int cached = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "prompt_tokens" -> prompt = value.isScalarValue() ? parser.getValueAsInt() : skip(parser, 0);
                    case "completion_tokens" -> completion = value.isScalarValue() ? parser.getValueAsInt() : skip(parser, 0);
                    case "prompt_tokens_details" -> {
                        if (value == JsonToken.START_OBJECT) {
                            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                boolean isCached = parser.currentName().equals("cached_tokens");
                                JsonToken detail = parser.nextToken();
                                if (isCached && detail.isScalarValue()) {
                                    cached = parser.getValueAsInt(0);
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
            return prompt == null ? null : new Usage(prompt, completion, cached, 0);
        }

        private static int skip(JsonParser parser, int value) throws IOException {
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
                        default -> parser.skipChildren();
                    }
                }
                if (choice.finishReason == null) {
                    choice.stopReason = null;
                }
                return choice;
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

        void chunk(JsonNode chunk) {
            if (chunk.has("error") || "error".equals(chunk.path("object").asText())) {
                JsonNode error = chunk.has("error") ? chunk.path("error") : chunk;
                String message = error.isTextual() ? error.asText() : error.path("message").asText("unknown error");
                throw new ModelStreamErrorException("The model backend reported an error mid-stream.",
                        error.path("code").isInt() ? error.path("code").asInt() : null, message);
            }
            start();
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode delta = choice.path("delta");
                String content = delta.path("content").asText("");
                if (!content.isEmpty()) {
                    if (textBlock < 0) {
                        textBlock = nextBlock++;
                    }
                    text.append(content);
                    sink.accept(new ChatEvent.TextDelta(textBlock, content));
                }
                for (JsonNode call : delta.path("tool_calls")) {
                    int index = call.path("index").asInt(toolBlocks.size());
                    Integer block = toolBlocks.get(index);
                    if (block == null) {
                        block = nextBlock++;
                        toolBlocks.put(index, block);
                        sink.accept(new ChatEvent.ToolUseStart(block, call.path("id").asText("call_" + index),
                                call.path("function").path("name").asText()));
                    }
                    String arguments = call.path("function").path("arguments").asText("");
                    if (!arguments.isEmpty()) {
                        sink.accept(new ChatEvent.ToolInputDelta(block, arguments));
                    }
                }
                if (choice.path("finish_reason").isTextual()) {
                    finishReason = choice.path("finish_reason").asText();
                    stopString = choice.path("stop_reason").isTextual() ? choice.path("stop_reason").asText() : null;
                }
            }
            JsonNode reported = chunk.path("usage");
            if (reported.isObject() && reported.has("prompt_tokens")) {
                usage = new Usage(reported.path("prompt_tokens").asInt(), reported.path("completion_tokens").asInt(),
                        reported.path("prompt_tokens_details").path("cached_tokens").asInt(0), 0);
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
                        ? new ModelStreamErrorException("The model backend's stream ended without a finish reason.", null, null)
                        : new ServiceUnavailableException("The model backend closed the stream without answering.");
            }
            for (int block = 0; block < nextBlock; block++) {
                sink.accept(new ChatEvent.BlockStop(block));
            }
            sink.accept(new ChatEvent.MessageStop(stopReason()));
            // Servers that send no usage (older Ollama) are measured with the same tokenizer as the simulator.
            Usage measured = usage != null ? usage : new Usage(tokenizer.count(request), tokenizer.count(text.toString()), 0, 0);
            sink.accept(new ChatEvent.Metadata(measured));
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
}
