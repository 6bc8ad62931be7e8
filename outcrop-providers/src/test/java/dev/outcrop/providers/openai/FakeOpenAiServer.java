package dev.outcrop.providers.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

        /**
         * vLLM's stream: a role chunk, a chunk per piece of text, a finish chunk (with {@code stop_reason}: the
         * stop string that ended it, or null), a usage chunk with no choices ({@code prompt_tokens_details}
         * only when some prompt tokens came from its prefix cache), then {@code [DONE]}.
         */
        public static Answer vllm(List<String> pieces, String finishReason, String stopReason, int promptTokens,
                                  int completionTokens, int cachedTokens) {
            List<String> events = new ArrayList<>();
            events.add(vllmChunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", ""));
            for (String piece : pieces) {
                events.add(vllmChunk("{\"content\":" + quoted(piece) + "}", "null", ""));
            }
            events.add(vllmChunk("{\"content\":\"\"}", quoted(finishReason),
                    ",\"stop_reason\":" + (stopReason == null ? "null" : quoted(stopReason))));
            events.add("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                    + "\"model\":\"served\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens
                    + ",\"total_tokens\":" + (promptTokens + completionTokens) + ",\"completion_tokens\":" + completionTokens
                    + (cachedTokens > 0 ? ",\"prompt_tokens_details\":{\"cached_tokens\":" + cachedTokens + "}" : "")
                    + "}}\n\n");
            events.add("data: [DONE]\n\n");
            return new Answer(200, "text/event-stream", List.copyOf(events), false, 0);
        }

        /** The first {@code events} events of this answer, then the connection dropped: a stream cut mid-answer. */
        public Answer cutAfter(int events) {
            return new Answer(status, contentType, parts.subList(0, events), true, 0);
        }

        /**
         * Ollama's {@code /v1} stream: the role on every chunk, the finish reason on the last text chunk, and
         * with {@code include_usage} (Ollama 0.5+) a usage chunk with no choices; older servers send none.
         */
        public static Answer ollama(List<String> pieces, String finishReason, Integer promptTokens, int completionTokens) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                boolean last = i == pieces.size() - 1;
                events.add("data: {\"id\":\"chatcmpl-42\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"llama3.1\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"role\":\"assistant\",\"content\":" + quoted(pieces.get(i)) + "},\"finish_reason\":"
                        + (last ? quoted(finishReason) : "null") + "}]}\n\n");
            }
            if (promptTokens != null) {
                events.add("data: {\"id\":\"chatcmpl-42\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                        + "\"model\":\"llama3.1\",\"system_fingerprint\":\"fp_ollama\",\"choices\":[],\"usage\":"
                        + "{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
                        + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}\n\n");
            }
            events.add("data: [DONE]\n\n");
            return new Answer(200, "text/event-stream", List.copyOf(events), false, 0);
        }

        /** An error answer as vLLM writes it ({@code {"object":"error","message":...}}). */
        public static Answer vllmError(int status, String message) {
            return new Answer(status, "application/json", List.of("{\"object\":\"error\",\"message\":" + quoted(message)
                    + ",\"type\":\"BadRequestError\",\"param\":null,\"code\":" + status + "}"), false, 0);
        }

        private static String vllmChunk(String delta, String finishReason, String extra) {
            return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"served\","
                    + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason
                    + extra + "}]}\n\n";
        }

        private static String quoted(String text) {
            return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
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

    /** The request bodies received, oldest first. */
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
