package dev.outcrop.providers.openai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.error.ModelTimeoutException;
import dev.outcrop.invoke.ChatEventSink;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.ModelProvider;
import dev.outcrop.providers.Tokenizer;
import dev.outcrop.providers.http.ExchangeLimits;
import dev.outcrop.providers.http.UpstreamHttpClient;
import dev.outcrop.providers.http.UpstreamResponse;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>This class is the call's flow: the request ({@link OpenAiRequests}), the exchange, and the answer's stream
 * ({@link CompletionStream}, chunk by chunk through {@link ChunkTranslator}).
 */
public final class OpenAiCompatibleProvider implements ModelProvider {
    private static final ObjectMapper JSON = JsonMappers.mapper();

    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json",
            "Accept", "text/event-stream");

    private final UpstreamHttpClient http;
    private final Tokenizer tokenizer;
    private final Map<String, String> apiKeys;
    private final boolean continueFinalMessage;
    private final Map<URI, URI> completionsUris = new ConcurrentHashMap<>();

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
            body = JSON.writeValueAsBytes(OpenAiRequests.body(deployment.modelId(), deployment.remoteModel(), request,
                    continueFinalMessage));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a chat completions request", e);
        }
        URI uri = completionsUris.computeIfAbsent(deployment.endpoint(),
                endpoint -> URI.create(endpoint.toString().replaceAll("/+$", "") + "/chat/completions"));
        String key = apiKeys.get(deployment.endpoint().toString());
        Map<String, String> headers = key == null ? HEADERS : withKey(key);
        try (UpstreamResponse response = send(deployment, uri, headers, body)) {
            if (response.status() != 200) {
                throw BackendErrors.refused(deployment, response);
            }
            CompletionStream.read(deployment, response, new ChunkTranslator(deployment, request, tokenizer, sink));
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
}
