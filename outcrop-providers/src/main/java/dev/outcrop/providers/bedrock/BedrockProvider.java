package dev.outcrop.providers.bedrock;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.error.ModelTimeoutException;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatEventSink;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.ModelProvider;
import dev.outcrop.providers.http.ExchangeLimits;
import dev.outcrop.providers.http.UpstreamHttpClient;
import dev.outcrop.providers.http.UpstreamResponse;
import dev.outcrop.util.EventStreamFrame;
import dev.outcrop.util.JsonMappers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Amazon Bedrock's runtime API of a region ({@code https://bedrock-runtime.REGION.amazonaws.com}, or the
 * deployment's endpoint): every call goes upstream as a ConverseStream body (the caller's request after Outcrop's
 * own stages, {@link ConverseBodies}), signed by {@link BedrockAuth}, over the shared {@link UpstreamHttpClient};
 * its event-stream frames are read as they arrive, only as far as {@link ChatEvent}s need. A non-streaming
 * call gathers the stream, as with every provider.
 *
 * <p>Bedrock's errors come back as themselves ({@link BedrockErrors}); a silent or unreachable endpoint becomes
 * the error a client acts on, as with the OpenAI-compatible provider.
 */
public final class BedrockProvider implements ModelProvider {
    private static final ObjectMapper JSON = JsonMappers.mapper();
    private static final int ERROR_BODY_LIMIT = 8192;
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json",
            "Accept", "application/vnd.amazon.eventstream");

    private final UpstreamHttpClient http;
    private final Map<String, BedrockAuth> authByRegion;
    private final BedrockAuth defaultAuth;
    private final BedrockErrors errors = new BedrockErrors();

    /**
     * Creates the provider.
     *
     * @param http the connections (shared with the other providers)
     * @param defaultAuth how calls are authenticated
     * @param authByRegion a region's own authentication, where it has one
     */
    public BedrockProvider(UpstreamHttpClient http, BedrockAuth defaultAuth, Map<String, BedrockAuth> authByRegion) {
        this.http = requireNonNull(http, "http");
        this.defaultAuth = requireNonNull(defaultAuth, "defaultAuth");
        this.authByRegion = Map.copyOf(authByRegion);
    }

    /** The runtime endpoint of {@code region} when the configuration names none. */
    public static URI defaultEndpoint(String region) {
        return URI.create("https://bedrock-runtime." + region + ".amazonaws.com");
    }

    @Override
    public boolean enforcesOutputSchema() {
        return true; // Bedrock constrains the decoding itself
    }

    @Override
    public void converse(Deployment deployment, ChatRequest request, ChatEventSink sink) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(ConverseBodies.body(request));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a Converse request", e);
        }
        URI uri = URI.create(deployment.endpoint().toString().replaceAll("/+$", "") + "/model/"
                + URLEncoder.encode(deployment.remoteModel(), StandardCharsets.UTF_8).replace("+", "%20")
                + "/converse-stream");
        BedrockAuth auth = authByRegion.getOrDefault(deployment.region(), defaultAuth);
        Map<String, String> headers = auth.headers(uri, deployment.region(), HEADERS, body);
        try (UpstreamResponse response = send(deployment, uri, headers, body)) {
            if (response.status() != 200) {
                throw errors.named(deployment, response.status(), response.errorType(), errorBody(response));
            }
            errors.accepted(deployment);
            readStream(deployment, response, sink);
        }
    }

    private void readStream(Deployment deployment, UpstreamResponse response, ChatEventSink sink) {
        EventStreamFrame.Reader frames = new EventStreamFrame.Reader();
        boolean started = false;
        try {
            for (byte[] piece = response.next(); piece != null; piece = response.next()) {
                frames.add(piece);
                for (EventStreamFrame frame = frames.next(); frame != null; frame = frames.next()) {
                    JsonNode payload = JSON.readTree(frame.payload());
                    if (!"event".equals(frame.header(":message-type"))) {
                        String type = frame.header(":exception-type");
                        throw errors.named(deployment, 200, type != null ? type : frame.header(":error-code"),
                                payload == null ? JSON.createObjectNode() : payload);
                    }
                    ChatEvent event = ConverseStreamEvents.event(String.valueOf(frame.header(":event-type")), payload);
                    if (event != null) {
                        if (!started) {
                            started = true;
                            response.progressed(); // the answer began: only the call's own limit is left
                        }
                        sink.accept(event);
                    }
                }
            }
            if (frames.hasPartialFrame()) {
                throw new IOException("the stream ended inside a frame");
            }
        } catch (IOException e) {
            if (response.timedOut() && !started) {
                throw BedrockErrors.silent(deployment);
            }
            if (!started) {
                throw BedrockErrors.unreachable(deployment, "the connection dropped before an answer: " + e);
            }
            throw BedrockErrors.streamBroke(deployment, response.timedOut()
                    ? "the answer took longer than " + deployment.timeout().toMillis() + " ms" : "the stream broke off: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.abort();
            throw new ModelTimeoutException("The call was cancelled while waiting for the model backend.");
        }
    }

    private static JsonNode errorBody(UpstreamResponse response) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (byte[] piece = response.next(); piece != null && bytes.size() < ERROR_BODY_LIMIT; piece = response.next()) {
                bytes.write(piece, 0, Math.min(piece.length, ERROR_BODY_LIMIT - bytes.size()));
            }
            JsonNode body = JSON.readTree(bytes.toByteArray());
            return body != null && body.isObject() ? body : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createObjectNode();
        }
    }

    private UpstreamResponse send(Deployment deployment, URI uri, Map<String, String> headers, byte[] body) {
        try {
            return http.post(uri, headers, body, new ExchangeLimits(deployment.firstByteTimeout(), deployment.timeout()));
        } catch (TimeoutException e) {
            throw BedrockErrors.silent(deployment);
        } catch (ConnectException e) {
            throw BedrockErrors.unreachable(deployment, "could not connect: " + e.getMessage());
        } catch (IOException e) {
            throw BedrockErrors.unreachable(deployment, "the connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelTimeoutException("The call was cancelled while waiting for the model backend.");
        }
    }
}
