package dev.outcrop.invoke;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a runtime {@code modelId} names, resolved in the caller's region: the foundation model to run and
 * the regions it may run in, in order of preference (the source region first when it is one of them).
 */
public sealed interface Target {

    /** The foundation model that answers. */
    String modelId();

    /** The regions the call may be served in; never empty. A call never leaves this set. */
    List<String> destinations();

    /** The ARN of what was called (model, profile), for usage records and authorization. */
    String arn();

    /** The region the caller addressed: preferred while it is healthy and has room. */
    String sourceRegion();

    /** This target restricted to {@code regions} (those the caller may use), in its own order. */
    default Target withDestinations(List<String> regions) {
        if (regions.equals(destinations())) {
            return this;
        }
        List<String> kept = destinations().stream().filter(regions::contains).toList();
        return switch (this) {
            case FoundationModelTarget t -> new FoundationModelTarget(t.modelId(), t.arn(), kept, t.sourceRegion());
            case SystemProfileTarget t -> new SystemProfileTarget(t.profileId(), t.modelId(), t.arn(), kept, t.sourceRegion());
            case ApplicationProfileTarget t -> new ApplicationProfileTarget(t.profileId(), t.modelId(), t.arn(), kept,
                    t.sourceRegion());
        };
    }

    /** A foundation model called directly: it runs in the caller's region only. */
    record FoundationModelTarget(String modelId, String arn, List<String> destinations, String sourceRegion)
            implements Target {
        /** Checks the members. */
        public FoundationModelTarget {
            requireNonNull(modelId, "modelId");
            requireNonNull(arn, "arn");
            destinations = List.copyOf(destinations);
        }
    }

    /** A system-defined (cross-region) profile. */
    record SystemProfileTarget(String profileId, String modelId, String arn, List<String> destinations,
                               String sourceRegion) implements Target {
        /** Checks the members. */
        public SystemProfileTarget {
            requireNonNull(profileId, "profileId");
            requireNonNull(modelId, "modelId");
            requireNonNull(arn, "arn");
            destinations = List.copyOf(destinations);
        }
    }

    /** An application profile: the destinations of what it was copied from. */
    record ApplicationProfileTarget(String profileId, String modelId, String arn, List<String> destinations,
                                    String sourceRegion) implements Target {
        /** Checks the members. */
        public ApplicationProfileTarget {
            requireNonNull(profileId, "profileId");
            requireNonNull(modelId, "modelId");
            requireNonNull(arn, "arn");
            destinations = List.copyOf(destinations);
        }
    }
}
