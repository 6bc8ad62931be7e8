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
        int resource = resourceStart(text);
        if (resource < 0) {
            return Optional.empty();
        }
        int slash = text.indexOf('/', resource);
        if (slash <= resource || slash == text.length() - 1) {
            return Optional.empty();
        }
        int service = text.indexOf(':', 4) + 1;
        int region = text.indexOf(':', service) + 1;
        int account = text.indexOf(':', region) + 1;
        return Optional.of(new Arn(text.substring(4, service - 1), text.substring(service, region - 1),
                text.substring(region, account - 1), text.substring(account, resource - 1),
                text.substring(resource, slash), text.substring(slash + 1)));
    }

    /**
     * Whether {@code text} is an ARN that {@link #parse} reads and whose resource type is {@code resourceType}: the
     * question every runtime call asks of its {@code modelId} several times, answered without allocating.
     */
    public static boolean hasResourceType(String text, String resourceType) {
        int resource = resourceStart(text);
        if (resource < 0) {
            return false;
        }
        int slash = text.indexOf('/', resource);
        return slash > resource && slash < text.length() - 1 && slash - resource == resourceType.length()
                && text.startsWith(resourceType, resource);
    }

    /**
     * Where the resource part of {@code text} starts ({@code arn:partition:service:region:account:resource}, the
     * partition and service not empty, the resource possibly holding {@code :} itself), or -1 when it is not an ARN.
     */
    private static int resourceStart(String text) {
        if (text == null || !text.startsWith("arn:")) {
            return -1;
        }
        int service = text.indexOf(':', 4);
        if (service <= 4) {
            return -1; // no partition
        }
        int region = text.indexOf(':', service + 1);
        if (region <= service + 1) {
            return -1; // no service
        }
        int account = text.indexOf(':', region + 1);
        int resource = account < 0 ? -1 : text.indexOf(':', account + 1);
        return resource < 0 ? -1 : resource + 1;
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
