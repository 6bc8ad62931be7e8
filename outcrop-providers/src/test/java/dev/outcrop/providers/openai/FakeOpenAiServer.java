package dev.outcrop.providers.openai;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local OpenAI-compatible server that replays canned answers and records every request body it got. */
public final class FakeOpenAiServer implements AutoCloseable {
    /** What to answer: a status, a content type and the body, sent in parts with a flush after each. */
    public record Answer(int status, String contentType, List<String> parts, boolean dropAfterParts, long holdAfterPartsMs) {
        /** A 200 event stream of these events. */
        public static Answer sse(String... events) {
            return new Answer(200, "text/event-stream", List.of(events), false, 0);
        }
    }

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile Answer answer = Answer.sse("data: [DONE]\n\n");

    /** Starts the server on a free loopback port. */
    public FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Answer current = answer;
            exchange.getResponseHeaders().add("Content-Type", current.contentType());
            exchange.sendResponseHeaders(current.status(), current.dropAfterParts() ? 1_000_000 : 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (String part : current.parts()) {
                    out.write(part.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                Thread.sleep(current.holdAfterPartsMs());
                if (current.dropAfterParts()) {
                    exchange.close();
                    return;
                }
                out.close();
            } catch (IOException e) {
                // the client went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    public void answer(Answer next) {
        answer = next;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public List<String> requests() {
        return requests;
    }

    public List<String> authorizations() {
        return authorizations;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
