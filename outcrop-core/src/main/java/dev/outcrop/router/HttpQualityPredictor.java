package dev.outcrop.router;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.ToolSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks an external scoring service (a RouteLLM-style classifier a team hosts) for the predictions, once per
 * request for both candidates. The contract (docs/prompt-routers.md):
 *
 * <pre>
 * POST {url}   Content-Type: application/json
 * {"system": ["..."], "messages": [{"role": "user", "text": "..."}], "tools": ["name"], "maxTokens": 512,
 *  "candidates": ["anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0"]}
 * 200 {"scores": {"anthropic.claude-3-haiku-20240307-v1:0": 71.5, "anthropic.claude-3-5-sonnet-20240620-v1:0": 88}}
 * </pre>
 *
 * Any other status, a body that is not that shape, a score outside 0..100 or no answer within the timeout makes
 * the prediction unavailable, and the router's fallback model serves.
 */
public final class HttpQualityPredictor implements QualityPredictor {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most bytes of a scoring answer read: a score map is small, a service that answers more is broken. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final URI url;
    private final Duration timeout;
    private final HttpClient client;

    /** Creates the predictor for a scoring service. */
    public HttpQualityPredictor(URI url, Duration timeout) {
        this.url = requireNonNull(url, "url");
        this.timeout = requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public Prediction predict(ChatRequest request, FoundationModel candidate) {
        return predictAll(request, List.of(candidate)).get(candidate.modelId());
    }

    @Override
    public Map<String, Prediction> predictAll(ChatRequest request, List<FoundationModel> candidates) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(question(request, candidates));
        } catch (IOException e) {
            throw new PredictionUnavailableException("cannot write the scoring request", e);
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PredictionUnavailableException("scoring service " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PredictionUnavailableException("interrupted while asking " + url, e);
        }
        if (answer.statusCode() != 200 || answer.body().length > MAX_ANSWER_BYTES) {
            throw new PredictionUnavailableException("scoring service " + url + " answered " + answer.statusCode(), null);
        }
        Map<String, Prediction> predictions = new LinkedHashMap<>();
        try {
            JsonNode scores = JSON.readTree(answer.body()).path("scores");
            for (FoundationModel candidate : candidates) {
                JsonNode score = scores.path(candidate.modelId());
                if (!score.isNumber()) {
                    throw new PredictionUnavailableException("scoring service " + url + " gave no score for "
                            + candidate.modelId(), null);
                }
                predictions.put(candidate.modelId(), new Prediction(score.asDouble(), Map.of("service", score.asDouble())));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new PredictionUnavailableException("scoring service " + url + " answered an unreadable body", e);
        }
        return predictions;
    }

    private static ObjectNode question(ChatRequest request, List<FoundationModel> candidates) {
        ObjectNode q = JSON.createObjectNode();
        ArrayNode system = q.putArray("system");
        request.system().forEach(system::add);
        ArrayNode messages = q.putArray("messages");
        for (Message m : request.messages()) {
            messages.addObject().put("role", m.role()).put("text", m.text());
        }
        ArrayNode tools = q.putArray("tools");
        for (ToolSpec tool : request.tools()) {
            tools.add(tool.name());
        }
        if (request.parameters().maxTokens() != null) {
            q.put("maxTokens", request.parameters().maxTokens());
        }
        ArrayNode names = q.putArray("candidates");
        candidates.forEach(c -> names.add(c.modelId()));
        return q;
    }
}
