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
import dev.outcrop.invoke.NativeRequest;
import dev.outcrop.invoke.OutputBound;
import dev.outcrop.invoke.StopReason;
import dev.outcrop.invoke.Usage;
import dev.outcrop.providers.UpstreamCounts;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Amazon Bedrock's runtime API of a region ({@code https://bedrock-runtime.REGION.amazonaws.com}, or the
 * deployment's endpoint), with no translation: the caller's body goes upstream as it came, to the operation the
 * caller called ({@code converse}, {@code converse-stream}, {@code invoke}, {@code invoke-with-response-stream},
 * {@code count-tokens}), signed by {@link BedrockAuth}, over the shared {@link UpstreamHttpClient}; the answer is
 * handed on unchanged (a body, each event-stream message as it arrives) and read only as far as {@link ChatEvent}s
 * need. Only when one of Outcrop's stages changed the request (an application profile's stored configuration, say)
 * is it written anew, as a Converse body ({@link ConverseBodies}) to {@code converse-stream}, whose events Outcrop
 * renders.
 *
 * <p>Bedrock's errors come back as themselves ({@link BedrockErrors}); a silent or unreachable endpoint becomes
 * the error a client acts on, as with the OpenAI-compatible provider.
 */
public final class BedrockProvider implements ModelProvider {
    private static final ObjectMapper JSON = JsonMappers.mapper();
    private static final int ERROR_BODY_LIMIT = 8192;
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/json",
            "Accept", "application/vnd.amazon.eventstream");
    private static final Map<String, String> PLAIN_HEADERS = Map.of("Content-Type", "application/json",
            "Accept", "application/json");
    /** The longest plain answer read (InvokeModel's body, CountTokens'): larger than any model's output. */
    private static final int ANSWER_LIMIT = 16 * 1024 * 1024;
    private static final String SERVED_REGION_HEADER = "x-outcrop-served-region";

    private final UpstreamHttpClient http;
    private final Map<String, BedrockAuth> authByRegion;
    private final BedrockAuth defaultAuth;
    private final BedrockErrors errors = new BedrockErrors();
    private final S3Locations s3Locations;

    /**
     * Creates the provider.
     *
     * @param http the connections (shared with the other providers)
     * @param defaultAuth how calls are authenticated
     * @param authByRegion a region's own authentication, where it has one
     */
    public BedrockProvider(UpstreamHttpClient http, BedrockAuth defaultAuth, Map<String, BedrockAuth> authByRegion) {
        this(http, defaultAuth, authByRegion, S3Locations.refused());
    }

    /**
     * Creates the provider.
     *
     * @param http the connections (shared with the other providers)
     * @param defaultAuth how calls are authenticated
     * @param authByRegion a region's own authentication, where it has one
     * @param s3Locations which content stored in Amazon S3 a request may name
     */
    public BedrockProvider(UpstreamHttpClient http, BedrockAuth defaultAuth, Map<String, BedrockAuth> authByRegion,
                           S3Locations s3Locations) {
        this.http = requireNonNull(http, "http");
        this.defaultAuth = requireNonNull(defaultAuth, "defaultAuth");
        this.authByRegion = Map.copyOf(authByRegion);
        this.s3Locations = requireNonNull(s3Locations, "s3Locations");
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
        converse(deployment, request, null, sink);
    }

    /**
     * The caller's body goes upstream as it came ({@code body}) to the operation the caller called: Converse's to
     * {@code converse}, ConverseStream's to {@code converse-stream}, a native body to {@code invoke} or
     * {@code invoke-with-response-stream}; a plain answer is handed on unchanged ({@link ChatEventSink#nativeAnswer})
     * and read only for its blocks, stop reason and usage. Without it (a stage changed the request, or another
     * deployment continues a broken answer) the request is written as a Converse body to {@code converse-stream},
     * whose events are read as they arrive.
     */
    @Override
    public void converse(Deployment deployment, ChatRequest request, NativeRequest body, ChatEventSink sink) {
        NativeRequest.Operation operation = body == null ? NativeRequest.Operation.CONVERSE_STREAM : body.operation();
        byte[] bytes = outgoing(deployment, request, body);
        String action = switch (operation) {
            case CONVERSE -> "converse";
            case CONVERSE_STREAM -> "converse-stream";
            case INVOKE -> "invoke";
            case INVOKE_STREAM -> "invoke-with-response-stream";
            case COUNT_TOKENS -> throw new IllegalArgumentException("CountTokens runs no model");
        };
        URI uri = uri(deployment, deployment.remoteModel(), action);
        BedrockAuth auth = authByRegion.getOrDefault(deployment.region(), defaultAuth);
        Map<String, String> headers = auth.headers(uri, deployment.region(),
                plain(operation) ? PLAIN_HEADERS : HEADERS, bytes);
        // A plain answer's head comes once the model is done, so only the whole call's limit applies to it.
        ExchangeLimits limits = plain(operation) ? new ExchangeLimits(deployment.timeout(), deployment.timeout())
                : limits(deployment);
        try (UpstreamResponse response = send(deployment, uri, headers, bytes, limits)) {
            if (response.status() != 200) {
                throw errors.named(deployment, response.status(), response.errorType(), errorBody(response));
            }
            errors.accepted(deployment);
            noteUpstream(deployment, response, sink);
            switch (operation) {
                case INVOKE -> readNativeBody(deployment, response, sink);
                case CONVERSE -> readConverseBody(deployment, response, sink);
                case INVOKE_STREAM -> readStream(deployment, response, sink, StreamForm.NATIVE_CHUNKS);
                default -> readStream(deployment, response, sink,
                        body != null ? StreamForm.NATIVE_EVENTS : StreamForm.EVENTS);
            }
        }
    }

    /** Whether the operation's answer is one JSON body rather than an event stream. */
    private static boolean plain(NativeRequest.Operation operation) {
        return operation == NativeRequest.Operation.INVOKE || operation == NativeRequest.Operation.CONVERSE;
    }

    /**
     * The body that goes upstream: the caller's own ({@code body}), or {@code request} written as a Converse body
     * when a stage changed it; refused when it names content in S3 that {@link #s3Locations} does not let through.
     * Without a bound of its own it is given the one admission reserved ({@link OutputBound#of(String,
     * dev.outcrop.invoke.InferenceParameters)}).
     */
    private byte[] outgoing(Deployment deployment, ChatRequest request, NativeRequest body) {
        byte[] bytes = body != null ? body.body() : converseBody(request);
        s3Locations.check(bytes);
        String field = body != null ? body.maxTokensField() : NativeRequest.CONVERSE_MAX_TOKENS;
        return field == null ? bytes
                : OutputBounds.withBound(bytes, field, OutputBound.of(deployment.modelId(), request.parameters()));
    }

    @Override
    public boolean countsTokens() {
        return true;
    }

    /** Bedrock's CountTokens of the model itself (it counts for a foundation model, not a profile), with the caller's body. */
    @Override
    public Integer countTokens(Deployment deployment, NativeRequest body) {
        s3Locations.check(body.body());
        URI uri = uri(deployment, deployment.modelId(), "count-tokens");
        BedrockAuth auth = authByRegion.getOrDefault(deployment.region(), defaultAuth);
        Map<String, String> headers = auth.headers(uri, deployment.region(), PLAIN_HEADERS, body.body());
        try (UpstreamResponse response = send(deployment, uri, headers, body.body())) {
            if (response.status() != 200) {
                throw errors.named(deployment, response.status(), response.errorType(), errorBody(response));
            }
            errors.accepted(deployment);
            JsonNode answer = JSON.readTree(readAll(deployment, response));
            if (answer == null || !answer.path("inputTokens").canConvertToLong()) {
                throw BedrockErrors.unreachable(deployment, "CountTokens answered without inputTokens");
            }
            return UpstreamCounts.tokens(answer.path("inputTokens").asLong(), "input tokens");
        } catch (IOException e) {
            throw BedrockErrors.unreachable(deployment, "CountTokens' answer did not read: " + e);
        }
    }

    private static URI uri(Deployment deployment, String modelId, String action) {
        return URI.create(deployment.endpoint().toString().replaceAll("/+$", "") + "/model/"
                + URLEncoder.encode(modelId, StandardCharsets.UTF_8).replace("+", "%20") + "/" + action);
    }

    private static byte[] converseBody(ChatRequest request) {
        try {
            return JSON.writeValueAsBytes(ConverseBodies.body(request));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a Converse request", e);
        }
    }

    /**
     * Which upstream id was called and what is known of the serving region, for the usage record: a foundation
     * model id is served in the region called; a system profile's region is Bedrock's choice, known only when the
     * upstream names it (an Outcrop upstream does; Bedrock does not).
     */
    private static void noteUpstream(Deployment deployment, UpstreamResponse response, ChatEventSink sink) {
        String id = deployment.remoteModel();
        String form = id.equals(deployment.modelId()) ? "foundation-model"
                : id.endsWith("." + deployment.modelId()) ? "system-profile" : "configured";
        sink.note("upstreamId", id);
        sink.note("upstreamIdForm", form);
        sink.note("upstreamRegion", deployment.region());
        String served = response.header(SERVED_REGION_HEADER);
        if (served != null && served.length() <= 32) {
            sink.note("upstreamServedRegion", served);
        } else if (form.equals("foundation-model")) {
            sink.note("upstreamServedRegion", deployment.region());
        }
    }

    /** A plain answer: its bytes and the JSON object they hold. */
    private record PlainAnswer(byte[] bytes, JsonNode json) {}

    private static PlainAnswer readPlain(Deployment deployment, UpstreamResponse response) {
        byte[] bytes;
        JsonNode answer;
        response.progressed(); // Bedrock answered: a plain answer's head comes once the model is done
        try {
            bytes = readAll(deployment, response);
            answer = JSON.readTree(bytes);
        } catch (IOException e) {
            if (response.timedOut()) {
                throw BedrockErrors.silent(deployment);
            }
            throw BedrockErrors.unreachable(deployment, "the answer did not arrive whole: " + e);
        }
        if (answer == null || !answer.isObject()) {
            throw BedrockErrors.unreachable(deployment, "the answer is not a JSON object");
        }
        return new PlainAnswer(bytes, answer);
    }

    /** Converse's answer: one Converse body, handed on as it came, then read for its blocks, stop reason and usage. */
    private static void readConverseBody(Deployment deployment, UpstreamResponse response, ChatEventSink sink) {
        PlainAnswer answer = readPlain(deployment, response);
        List<ChatEvent> events;
        try {
            events = ConverseAnswers.events(answer.json());
        } catch (IOException e) {
            throw BedrockErrors.unreachable(deployment, "the Converse answer did not read: " + e.getMessage());
        }
        sink.nativeAnswer(answer.bytes(), true);
        events.forEach(sink::accept);
    }

    /** InvokeModel's answer: one native body, handed on as it came; its usage from Bedrock's headers. */
    private void readNativeBody(Deployment deployment, UpstreamResponse response, ChatEventSink sink) {
        PlainAnswer plain = readPlain(deployment, response);
        byte[] bytes = plain.bytes();
        JsonNode answer = plain.json();
        Usage usage;
        try {
            usage = NativeAnswers.bodyUsage(answer, response.header("x-amzn-bedrock-input-token-count"),
                    response.header("x-amzn-bedrock-output-token-count"));
        } catch (IOException e) {
            throw BedrockErrors.unreachable(deployment, "the answer's usage did not read: " + e.getMessage());
        }
        sink.nativeAnswer(bytes, true);
        sink.accept(new ChatEvent.MessageStart("assistant"));
        String text = NativeAnswers.text(answer);
        if (!text.isEmpty()) {
            sink.accept(new ChatEvent.TextDelta(0, text));
        }
        sink.accept(new ChatEvent.BlockStop(0));
        StopReason stop = NativeAnswers.stopReason(answer);
        sink.accept(new ChatEvent.MessageStop(stop == null ? StopReason.END_TURN : stop));
        sink.accept(new ChatEvent.Metadata(usage));
    }

    /** A plain answer's bytes, at most {@link #ANSWER_LIMIT}. */
    private static byte[] readAll(Deployment deployment, UpstreamResponse response) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            for (byte[] piece = response.next(); piece != null; piece = response.next()) {
                if (bytes.size() + piece.length > ANSWER_LIMIT) {
                    response.abort();
                    throw new IOException("the answer is longer than " + ANSWER_LIMIT + " bytes");
                }
                bytes.write(piece);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.abort();
            throw new ModelTimeoutException("The call was cancelled while waiting for the model backend.");
        }
        return bytes.toByteArray();
    }

    /** How a stream's frames reach the sink. */
    private enum StreamForm {
        /** ConverseStream's events, read into chat events (a request Outcrop wrote). */
        EVENTS,
        /** ConverseStream's events handed on as they came, each message before the chat event read from it. */
        NATIVE_EVENTS,
        /** InvokeModelWithResponseStream's chunks handed on as they came, then read for text, stop and usage. */
        NATIVE_CHUNKS
    }

    private void readStream(Deployment deployment, UpstreamResponse response, ChatEventSink sink, StreamForm form) {
        EventStreamFrame.Reader frames = new EventStreamFrame.Reader();
        boolean started = false;
        boolean messageStarted = false;
        try {
            for (byte[] piece = response.next(); piece != null; piece = response.next()) {
                frames.add(piece);
                for (byte[] bytes = frames.nextBytes(); bytes != null; bytes = frames.nextBytes()) {
                    EventStreamFrame frame = EventStreamFrame.decode(bytes);
                    JsonNode payload = JSON.readTree(frame.payload());
                    if (!"event".equals(frame.header(":message-type"))) {
                        String type = frame.header(":exception-type");
                        throw errors.named(deployment, 200, type != null ? type : frame.header(":error-code"),
                                payload == null ? JSON.createObjectNode() : payload);
                    }
                    if (form == StreamForm.NATIVE_CHUNKS) {
                        if (!messageStarted) {
                            messageStarted = true;
                            sink.accept(new ChatEvent.MessageStart("assistant"));
                        }
                        started |= chunk(frame, payload, sink);
                        response.progressed();
                        continue;
                    }
                    String type = String.valueOf(frame.header(":event-type"));
                    ChatEvent event = ConverseStreamEvents.event(type, payload);
                    if (form == StreamForm.NATIVE_EVENTS) {
                        sink.nativeAnswer(bytes, type.equals("metadata"));
                    }
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

    /**
     * One chunk of InvokeModelWithResponseStream: handed on as it came, then read for its text, stop reason and (on
     * the final chunk) usage. Whether it carried content.
     */
    private static boolean chunk(EventStreamFrame frame, JsonNode payload, ChatEventSink sink) throws IOException {
        JsonNode chunk = NativeAnswers.chunk(JSON, payload);
        Usage usage = NativeAnswers.streamUsage(chunk);
        sink.nativeAnswer(frame.payload(), usage != null);
        String text = NativeAnswers.text(chunk);
        if (!text.isEmpty()) {
            sink.accept(new ChatEvent.TextDelta(0, text));
        }
        StopReason stop = NativeAnswers.stopReason(chunk);
        if (stop != null) {
            sink.accept(new ChatEvent.MessageStop(stop));
        }
        if (usage != null) {
            sink.accept(new ChatEvent.Metadata(usage));
        }
        return !text.isEmpty() || stop != null || usage != null;
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

    /** A streamed answer's limits: its first token within the deployment's first-byte timeout, all of it within its timeout. */
    private static ExchangeLimits limits(Deployment deployment) {
        return new ExchangeLimits(deployment.firstByteTimeout(), deployment.timeout());
    }

    private UpstreamResponse send(Deployment deployment, URI uri, Map<String, String> headers, byte[] body) {
        return send(deployment, uri, headers, body, limits(deployment));
    }

    private UpstreamResponse send(Deployment deployment, URI uri, Map<String, String> headers, byte[] body,
                                  ExchangeLimits limits) {
        try {
            return http.post(uri, headers, body, limits);
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
