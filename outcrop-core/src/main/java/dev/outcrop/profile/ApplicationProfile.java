package dev.outcrop.profile;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.resource.StoredResource;
import java.time.Instant;
import java.util.List;

/**
 * An application inference profile as it is stored.
 *
 * @param id 12 lowercase alphanumerics
 * @param accountId owning account
 * @param region the region it was created in and lives in
 * @param name unique per account and region
 * @param description optional description, or null
 * @param sourceArn the ARN it was copied from (a foundation model or a system-defined profile)
 * @param modelArns the foundation-model ARNs it routes to, copied from the source at creation
 * @param createdAt creation time
 * @param updatedAt last update time
 * @param clientRequestToken the idempotency token it was created with, or null
 * @param requestFingerprint a digest of the create request, to tell a retry from a token reused
 * @param sequence position in creation order, assigned by the store; the key of pagination
 */
public record ApplicationProfile(String id, String accountId, String region, String name, String description,
                                 String sourceArn, List<String> modelArns, Instant createdAt, Instant updatedAt,
                                 String clientRequestToken, String requestFingerprint, long sequence)
        implements StoredResource {
    /** Copies the list and checks the required members. */
    public ApplicationProfile {
        requireNonNull(id, "id");
        requireNonNull(accountId, "accountId");
        requireNonNull(region, "region");
        requireNonNull(name, "name");
        requireNonNull(sourceArn, "sourceArn");
        modelArns = List.copyOf(modelArns);
        requireNonNull(createdAt, "createdAt");
        requireNonNull(updatedAt, "updatedAt");
    }

    /** The profile's ARN. */
    @Override
    public Arn arn(String partition) {
        return Arn.of(partition, region, accountId, ResourceTypes.APPLICATION_INFERENCE_PROFILE, id);
    }

    /** The API view of this profile. */
    public InferenceProfile view(String partition) {
        return new InferenceProfile(name, description, createdAt, updatedAt, arn(partition).toString(), modelArns, id,
                "ACTIVE", InferenceProfileType.APPLICATION);
    }
}
