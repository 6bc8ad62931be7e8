package dev.outcrop.providers.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.ModelTimeoutException;
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
 * {@code ServiceUnavailableException}; after the first token, {@code ModelStreamErrorException}. Callers get
 * Bedrock's messages; the deployment and what its backend said are the errors' internal detail
 * ({@link BackendErrors}).
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
            throw BackendErrors.silent(deployment);
        } catch (ConnectException e) {
            throw BackendErrors.unreachable(deployment, "could not connect: " + e.getMessage());
        } catch (IOException e) {
            throw BackendErrors.unreachable(deployment, "the connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelTimeoutException("The call was cancelled while waiting for the model backend.");
        }
    }

    private static BedrockException httpError(Deployment deployment, UpstreamResponse response) {
        return BackendErrors.status(deployment, response.status(), errorMessage(response));
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
        ChunkTranslator translator = new ChunkTranslator(deployment, request, tokenizer, sink);
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
                throw BackendErrors.silent(deployment);
            }
            if (!translator.started()) {
                throw BackendErrors.unreachable(deployment, "the connection dropped before an answer: " + e);
            }
            throw BackendErrors.streamBroke(deployment, null, body.timedOut()
                    ? "the answer took longer than " + deployment.timeout().toMillis() + " ms" : "the stream broke off: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body.abort();
            throw new ModelTimeoutException("The call was cancelled while waiting for the model backend.");
        }
        translator.finish();
    }
}
