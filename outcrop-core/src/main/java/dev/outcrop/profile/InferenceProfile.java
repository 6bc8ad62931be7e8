package dev.outcrop.profile;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * An inference profile as the API shows it ({@code InferenceProfileSummary} and
 * {@code GetInferenceProfileResponse} have the same members).
 *
 * @param inferenceProfileName the name
 * @param description the description, or null
 * @param createdAt creation time
 * @param updatedAt last update time
 * @param inferenceProfileArn the ARN in the caller's region and account
 * @param models the foundation-model ARNs it routes to
 * @param inferenceProfileId the id
 * @param status always {@code ACTIVE}
 * @param type system-defined or application
 */
public record InferenceProfile(String inferenceProfileName, String description, Instant createdAt,
                               Instant updatedAt, String inferenceProfileArn, List<String> models,
                               String inferenceProfileId, String status, InferenceProfileType type) {
    /** Copies the list and checks the required members. */
    public InferenceProfile {
        requireNonNull(inferenceProfileName, "inferenceProfileName");
        requireNonNull(inferenceProfileArn, "inferenceProfileArn");
        models = List.copyOf(models);
        requireNonNull(inferenceProfileId, "inferenceProfileId");
        requireNonNull(status, "status");
        requireNonNull(type, "type");
    }
}
