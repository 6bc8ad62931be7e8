package dev.outcrop.stacks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The resource types Outcrop serves, each with its provider. */
public final class ResourceProviders {
    private final Map<String, ResourceProvider> byType = new LinkedHashMap<>();

    /** Registers the providers; a type registered twice is a programming error. */
    public ResourceProviders(List<ResourceProvider> providers) {
        for (ResourceProvider provider : providers) {
            if (byType.put(provider.type(), provider) != null) {
                throw new IllegalArgumentException("two providers of " + provider.type());
            }
        }
    }

    /** The provider of a type. */
    public Optional<ResourceProvider> of(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** The types served. */
    public Set<String> types() {
        return byType.keySet();
    }
}
