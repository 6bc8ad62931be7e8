package dev.outcrop.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.outcrop.server.protocol.EventStreamEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Bedrock's runtime that answers every stream in two parts, the first frames at once and the rest only
 * once {@link #release()} is called (until then the connection stays open and silent), and Converse with one body
 * once released. It keeps the bodies it was
 * sent. It checks no signature: the tests using it are about what goes over the wire and when.
 */
final class StubBedrock implements AutoCloseable {
    private final HttpServer server;
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    StubBedrock() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> Thread.ofPlatform().daemon().unstarted(r)));
        server.createContext("/", this::answer);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The rest of every answer may go. */
    void release() {
        released.countDown();
    }

    /** The request bodies received, in order. */
    List<String> bodies() {
        return bodies;
    }

    /** The request paths received, in order. */
    List<String> paths() {
        return paths;
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        paths.add(path);
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (path.endsWith("/converse")) {
            answerPlain(exchange); // Converse's answer is one body, once the model is done
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.amazon.eventstream");
        exchange.sendResponseHeaders(200, 0); // chunked: each frame goes as it is written
        try (OutputStream out = exchange.getResponseBody()) {
            boolean nativeChunks = path.endsWith("/invoke-with-response-stream");
            if (nativeChunks) {
                send(out, chunk("{\"generation\":\"Hello\",\"prompt_token_count\":3,\"generation_token_count\":1,"
                        + "\"stop_reason\":null}"));
            } else {
                send(out, EventStreamEncoder.event("messageStart", bytes("{\"role\":\"assistant\"}")));
                send(out, EventStreamEncoder.event("contentBlockDelta",
                        bytes("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello\"}}")));
            }
            if (!released.await(30, TimeUnit.SECONDS)) {
                return; // the test gave up: the connection closes mid-answer
            }
            if (nativeChunks) {
                send(out, chunk("{\"generation\":\" world\",\"prompt_token_count\":null,\"generation_token_count\":2,"
                        + "\"stop_reason\":\"stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":3,"
                        + "\"outputTokenCount\":2,\"invocationLatency\":5,\"firstByteLatency\":1}}"));
            } else {
                send(out, EventStreamEncoder.event("contentBlockDelta",
                        bytes("{\"contentBlockIndex\":0,\"delta\":{\"text\":\" world\"}}")));
                send(out, EventStreamEncoder.event("contentBlockStop", bytes("{\"contentBlockIndex\":0}")));
                send(out, EventStreamEncoder.event("messageStop", bytes("{\"stopReason\":\"end_turn\"}")));
                send(out, EventStreamEncoder.event("metadata", bytes("{\"usage\":{\"inputTokens\":3,\"outputTokens\":2,"
                        + "\"totalTokens\":5},\"metrics\":{\"latencyMs\":5}}")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void answerPlain(HttpExchange exchange) throws IOException {
        try {
            if (!released.await(30, TimeUnit.SECONDS)) {
                exchange.close();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        byte[] body = bytes("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":"
                + "\"Hello world\"}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":3,"
                + "\"outputTokens\":2,\"totalTokens\":5},\"metrics\":{\"latencyMs\":5}}");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] chunk(String json) {
        return EventStreamEncoder.event("chunk", bytes("{\"bytes\":\"" + Base64.getEncoder().encodeToString(bytes(json))
                + "\"}"));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(OutputStream out, byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }

    /**
     * An Outcrop whose Bedrock deployments of {@code models} (YAML list items, e.g. {@code a, b}) in us-east-1 call
     * this stub; {@code moreYaml} adds whole top-level sections, {@code moreBedrockYaml} keys of the bedrock section
     * (indented by two spaces).
     */
    TestOutcrop front(Path dataDir, String models, String moreYaml, String moreBedrockYaml) {
        Map<String, String> keys = Map.of("AWS_ACCESS_KEY_ID", "AKIASTUBBEDROCK00001", "AWS_SECRET_ACCESS_KEY", "stub");
        OutcropConfig config = ConfigLoader.parse(moreYaml + """
                bedrock:
                  regions: [us-east-1]
                  models: [%s]
                  endpoints:
                    us-east-1: %s
                %s""".formatted(models, endpoint(), moreBedrockYaml), "test", keys).withDataDir(dataDir);
        Map<String, String> env = new HashMap<>(TestOutcrop.ENV);
        env.putAll(keys);
        return TestOutcrop.start(config, env);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
