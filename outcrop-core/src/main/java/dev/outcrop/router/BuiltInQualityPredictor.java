package dev.outcrop.router;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.catalog.FoundationModel;
import dev.outcrop.invoke.ChatRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outcrop's deterministic, explainable predictor. It rates how hard a request is from its features
 * ({@link RequestFeatures}), each weighted as the weights file says, and predicts a model's quality from that
 * difficulty and the model's capability figure: {@code quality = 100 * (1 - difficulty * (1 - capability))}.
 * An easy request scores every model near 100, so the cheaper one is chosen; on a hard one the capability gap
 * shows in full.
 */
public final class BuiltInQualityPredictor implements QualityPredictor {
    /** The weights shipped with Outcrop. */
    public static final String RESOURCE = "built-in-predictor.json";

    private final double bias;
    private final Map<String, Double> weights;
    private final Map<String, List<String>> cues;
    private final double defaultCapability;
    private final Map<String, Double> capabilities;

    private BuiltInQualityPredictor(JsonNode doc) {
        this.bias = doc.path("bias").asDouble();
        Map<String, Double> w = new LinkedHashMap<>();
        doc.path("weights").properties().forEach(e -> w.put(e.getKey(), e.getValue().asDouble()));
        this.weights = Map.copyOf(w);
        Map<String, List<String>> c = new HashMap<>();
        doc.path("cues").properties().forEach(e -> {
            List<String> list = new ArrayList<>();
            e.getValue().forEach(v -> list.add(v.asText()));
            c.put(e.getKey(), List.copyOf(list));
        });
        this.cues = Map.copyOf(c);
        this.defaultCapability = doc.path("defaultCapability").asDouble(0.7);
        Map<String, Double> caps = new HashMap<>();
        doc.path("capabilities").properties().forEach(e -> caps.put(e.getKey(), e.getValue().asDouble()));
        this.capabilities = Map.copyOf(caps);
    }

    /** The predictor with the shipped weights. */
    public static BuiltInQualityPredictor withShippedWeights() {
        try (InputStream in = BuiltInQualityPredictor.class.getResourceAsStream(RESOURCE)) {
            return of(requireNonNull(in, RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The predictor with the weights of a file in the shipped format. */
    public static BuiltInQualityPredictor of(InputStream weightsJson) throws IOException {
        return new BuiltInQualityPredictor(new ObjectMapper().readTree(weightsJson));
    }

    /** The capability figure (0..1) of a model: from the weights file, else the default. */
    public double capability(String modelId) {
        return capabilities.getOrDefault(modelId, defaultCapability);
    }

    /** How hard {@code request} is (0..1), and each feature's share of it. */
    public Map<String, Double> difficulty(ChatRequest request) {
        Map<String, Double> shares = new LinkedHashMap<>();
        shares.put("bias", bias);
        RequestFeatures.of(request, cues).forEach((name, value) -> shares.put(name, value * weights.getOrDefault(name, 0.0)));
        return shares;
    }

    @Override
    public Prediction predict(ChatRequest request, FoundationModel candidate) {
        Map<String, Double> shares = difficulty(request);
        double difficulty = Math.min(1, Math.max(0, shares.values().stream().mapToDouble(Double::doubleValue).sum()));
        double capability = capability(candidate.modelId());
        Map<String, Double> contributions = new LinkedHashMap<>();
        // Each feature's share of the quality lost: what the debug line shows.
        shares.forEach((name, share) -> contributions.put(name, round(-100 * share * (1 - capability))));
        contributions.put("capability", round(capability));
        return new Prediction(100 * (1 - difficulty * (1 - capability)), contributions);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
