package dev.outcrop.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the built-in catalog: {@code system-inference-profiles.json} (the real catalog of system-defined
 * profiles, unmodified) and {@code foundation-models.json} (the models they route to).
 */
public final class CatalogLoader {
    private static final String ALL_COMMERCIAL_REGIONS = "ALL_COMMERCIAL_REGIONS";
    /** Shown for profiles whose creation time was never observed: the launch of cross-region inference. */
    private static final Instant DEFAULT_PROFILE_TIME = Instant.parse("2024-08-27T00:00:00Z");

    private CatalogLoader() {}

    /** Loads the catalog bundled with Outcrop. */
    public static Catalog builtIn() {
        ObjectMapper json = new ObjectMapper();
        JsonNode modelsDoc = read(json, "foundation-models.json");
        JsonNode profilesDoc = read(json, "system-inference-profiles.json");
        List<String> commercial = new ArrayList<>();
        modelsDoc.path("commercialRegions").forEach(r -> commercial.add(r.asText()));
        List<FoundationModel> models = models(modelsDoc);
        return new Catalog(models, profiles(profilesDoc, commercial, models), routers(profilesDoc));
    }

    private static JsonNode read(ObjectMapper json, String name) {
        try (InputStream in = CatalogLoader.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("catalog resource missing: " + name);
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog resource " + name, e);
        }
    }

    private static List<FoundationModel> models(JsonNode doc) {
        List<FoundationModel> models = new ArrayList<>();
        for (JsonNode m : doc.path("foundationModels")) {
            models.add(new FoundationModel(m.path("modelId").asText(), m.path("modelName").asText(),
                    m.path("providerName").asText(), m.path("family").asText(), strings(m.path("inputModalities")),
                    strings(m.path("outputModalities")), m.path("responseStreamingSupported").asBoolean(),
                    strings(m.path("customizationsSupported")), strings(m.path("inferenceTypesSupported")),
                    m.path("lifecycleStatus").asText("ACTIVE"), new LinkedHashSet<>(strings(m.path("regions")))));
        }
        return models;
    }

    private static List<SystemProfile> profiles(JsonNode doc, List<String> commercialRegions,
                                                List<FoundationModel> models) {
        List<SystemProfile> profiles = new ArrayList<>();
        for (JsonNode p : doc.path("inferenceProfiles")) {
            String modelId = p.path("modelId").asText();
            Set<String> modelRegions = models.stream().filter(m -> m.modelId().equals(modelId)).findFirst()
                    .map(FoundationModel::regions).orElse(Set.of());
            JsonNode observed = p.path("observedApi");
            String observedFrom = observed.path("observedFrom").asText(null);
            boolean global = false;
            Map<String, List<String>> routes = new LinkedHashMap<>();
            for (var route : p.path("routesBySourceRegion").properties()) {
                String source = route.getKey();
                JsonNode destinations = route.getValue();
                if (destinations.isTextual() && ALL_COMMERCIAL_REGIONS.equals(destinations.asText())) {
                    global = true;
                    routes.put(source, globalDestinations(source, commercialRegions, modelRegions));
                } else {
                    List<String> list = strings(destinations);
                    if (source.equals(observedFrom) && observed.has("modelsOrder")) {
                        list = ordered(list, strings(observed.path("modelsOrder")));
                    }
                    routes.put(source, list);
                }
            }
            String name = observed.path("inferenceProfileName").asText(p.path("name").asText());
            Map<String, String> descriptions = new LinkedHashMap<>();
            if (observedFrom != null && observed.has("description")) {
                descriptions.put(observedFrom, observed.path("description").asText());
            }
            Instant created = instant(observed.path("createdAt"), DEFAULT_PROFILE_TIME);
            Instant updated = instant(observed.path("updatedAt"), created);
            profiles.add(new SystemProfile(p.path("inferenceProfileId").asText(), name, p.path("geo").asText(),
                    modelId, displayName(p), global, routes, descriptions, created, updated));
        }
        return profiles;
    }

    /**
     * A global profile's destinations: its source region first, then every other commercial region the
     * model runs in ("all commercial regions" can only mean those where the model is deployed).
     */
    private static List<String> globalDestinations(String source, List<String> commercialRegions,
                                                   Set<String> modelRegions) {
        Set<String> ordered = new LinkedHashSet<>();
        ordered.add(source);
        commercialRegions.stream().filter(modelRegions::contains).forEach(ordered::add);
        return List.copyOf(ordered);
    }

    private static List<String> ordered(List<String> regions, List<String> order) {
        Set<String> result = new LinkedHashSet<>();
        order.stream().filter(regions::contains).forEach(result::add);
        result.addAll(regions);
        return List.copyOf(result);
    }

    private static String displayName(JsonNode p) {
        String explicit = p.path("modelDisplayName").asText("");
        if (!explicit.isEmpty()) {
            return explicit;
        }
        String name = p.path("name").asText();
        String geo = p.path("geo").asText();
        // Display names are written "US Anthropic Claude 3 Haiku", "GLOBAL Amazon Nova 2 Lite", ...
        int space = name.indexOf(' ');
        if (space > 0 && name.substring(0, space).replace("-", "").equalsIgnoreCase(geo.replace("-", ""))) {
            name = name.substring(space + 1);
        }
        return name.startsWith("AU ") ? name.substring(3) : name;
    }

    private static List<DefaultPromptRouter> routers(JsonNode doc) {
        List<DefaultPromptRouter> routers = new ArrayList<>();
        for (JsonNode r : doc.path("defaultPromptRouters")) {
            routers.add(new DefaultPromptRouter(r.path("promptRouterId").asText(), r.path("observedName").asText(),
                    strings(r.path("models"))));
        }
        return routers;
    }

    private static Instant instant(JsonNode node, Instant fallback) {
        return node.isTextual() ? Instant.parse(node.asText()) : fallback;
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return List.copyOf(list);
    }
}
