package dev.outcrop.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The built-in (or configured) catalog: regions, foundation models, system-defined profiles and default
 * prompt routers. Immutable and shared by every request.
 */
public final class Catalog {
    private final Set<String> regions;
    private final Map<String, FoundationModel> models;
    private final Map<String, SystemProfile> profiles;
    private final Map<String, DefaultPromptRouter> routers;

    /**
     * Creates a catalog. Lists keep their order: it is the order the API lists them in.
     *
     * @throws IllegalArgumentException when a profile routes to a model or region the catalog lacks
     */
    public Catalog(Collection<FoundationModel> models, List<SystemProfile> profiles,
                   List<DefaultPromptRouter> routers) {
        this.models = index(models, FoundationModel::modelId);
        this.profiles = index(profiles, SystemProfile::id);
        this.routers = index(routers, DefaultPromptRouter::id);
        Set<String> allRegions = new TreeSet<>();
        models.forEach(m -> allRegions.addAll(m.regions()));
        for (SystemProfile p : profiles) {
            if (!this.models.containsKey(p.modelId())) {
                throw new IllegalArgumentException("profile " + p.id() + ": unknown model " + p.modelId());
            }
            allRegions.addAll(p.routes().keySet());
            p.routes().values().forEach(allRegions::addAll);
        }
        this.regions = Set.copyOf(allRegions);
    }

    private static <T> Map<String, T> index(Collection<T> items, java.util.function.Function<T, String> key) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            if (map.putIfAbsent(requireNonNull(key.apply(item)), item) != null) {
                throw new IllegalArgumentException("duplicate catalog entry: " + key.apply(item));
            }
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** Every region named anywhere in the catalog. */
    public Set<String> regions() {
        return regions;
    }

    /** Whether {@code region} is a region of the catalog. */
    public boolean hasRegion(String region) {
        return regions.contains(region);
    }

    /** Foundation models in catalog order. */
    public Collection<FoundationModel> models() {
        return models.values();
    }

    /** The foundation model with this id. */
    public Optional<FoundationModel> model(String modelId) {
        return Optional.ofNullable(models.get(modelId));
    }

    /** System-defined profiles in catalog order. */
    public Collection<SystemProfile> systemProfiles() {
        return profiles.values();
    }

    /** The system-defined profile with this id. */
    public Optional<SystemProfile> systemProfile(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    /** Default prompt routers in catalog order. */
    public Collection<DefaultPromptRouter> defaultPromptRouters() {
        return routers.values();
    }

    /** The default prompt router with this id. */
    public Optional<DefaultPromptRouter> defaultPromptRouter(String id) {
        return Optional.ofNullable(routers.get(id));
    }
}
