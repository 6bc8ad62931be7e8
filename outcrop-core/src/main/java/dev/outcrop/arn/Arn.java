package dev.outcrop.arn;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * An Amazon Resource Name: {@code arn:partition:service:region:account:resource}.
 *
 * <p>The resource part is split at its first {@code /} into a type and an id, as Bedrock's resources all
 * use that form ({@code foundation-model/anthropic.claude-3-haiku-20240307-v1:0},
 * {@code application-inference-profile/5dews3o6kky6}). The id may itself contain {@code :} and {@code /}.
 *
 * @param partition {@code aws}, {@code aws-us-gov}, {@code aws-cn}, ...
 * @param service {@code bedrock}
 * @param region the region, empty for region-less resources
 * @param account the 12-digit account id, empty for AWS-owned resources such as foundation models
 * @param resourceType the resource type before the first {@code /}
 * @param resourceId the rest of the resource after the first {@code /}
 */
public record Arn(String partition, String service, String region, String account, String resourceType,
                  String resourceId) {

    /** Creates an ARN; every part must be non-null (use "" for an empty part). */
    public Arn {
        requireNonNull(partition, "partition");
        requireNonNull(service, "service");
        requireNonNull(region, "region");
        requireNonNull(account, "account");
        requireNonNull(resourceType, "resourceType");
        requireNonNull(resourceId, "resourceId");
    }

    /**
     * Parses {@code text} as an ARN whose resource has the form {@code type/id}.
     *
     * @return the ARN, or empty when {@code text} is not of that form
     */
    public static Optional<Arn> parse(String text) {
        if (text == null || !text.startsWith("arn:")) {
            return Optional.empty();
        }
        // arn:partition:service:region:account:resource -- the resource may contain ':' itself.
        String[] parts = text.split(":", 6);
        if (parts.length != 6 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        String resource = parts[5];
        int slash = resource.indexOf('/');
        if (slash <= 0 || slash == resource.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Arn(parts[1], parts[2], parts[3], parts[4], resource.substring(0, slash),
                resource.substring(slash + 1)));
    }

    /** Whether {@code text} looks like an ARN at all (starts with {@code arn:}). */
    public static boolean looksLikeArn(String text) {
        return text != null && text.startsWith("arn:");
    }

    /** The ARN of a foundation model in a region ({@code arn:aws:bedrock:us-east-1::foundation-model/id}). */
    public static Arn foundationModel(String partition, String region, String modelId) {
        return new Arn(partition, "bedrock", region, "", ResourceTypes.FOUNDATION_MODEL, modelId);
    }

    /** The ARN of a resource owned by an account in a region. */
    public static Arn of(String partition, String region, String account, String resourceType, String id) {
        return new Arn(partition, "bedrock", region, account, resourceType, id);
    }

    /** The {@code type/id} part. */
    public String resource() {
        return resourceType + '/' + resourceId;
    }

    @Override
    public String toString() {
        return "arn:" + partition + ':' + service + ':' + region + ':' + account + ':' + resource();
    }
}
