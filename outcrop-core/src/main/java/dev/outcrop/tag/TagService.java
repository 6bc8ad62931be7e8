package dev.outcrop.tag;

import static java.util.Objects.requireNonNull;

import dev.outcrop.arn.Arn;
import dev.outcrop.cluster.Change;
import dev.outcrop.cluster.ChangeFeed;
import dev.outcrop.cluster.ReadThroughCache;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.TooManyTagsException;
import dev.outcrop.error.ValidationException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code TagResource}, {@code UntagResource} and {@code ListTagsForResource}, with the rules of AWS
 * tagging: at most {@value #MAX_TAGS} tags a resource, keys unique, the {@code aws:} prefix reserved.
 * Lengths and character sets are checked at the wire against the Smithy model.
 */
public final class TagService {
    /** The most tags one resource may carry. */
    public static final int MAX_TAGS = 200;
    private static final String RESERVED_PREFIX = "aws:";

    /**
     * How long a resource's tags are trusted before the store is asked again, when no change notice
     * reaches this node first (changes made here apply at once).
     */
    public static final java.time.Duration CACHE_TTL = java.time.Duration.ofSeconds(5);

    private final TagStore store;
    private final TaggableResources resources;
    private final ChangeFeed changes;
    // "No tags" is a value like any other: a call through an untagged profile asks the store no more often than
    // one through a tagged one, and is served while the store is away. A tag added anywhere is a change notice.
    // Only a bounded number of untagged ARNs is kept, since a caller can make them up.
    private final ReadThroughCache<String, List<Tag>> cache = new ReadThroughCache<>(CACHE_TTL,
            tags -> !tags.isEmpty(), ReadThroughCache.Absences.CACHED, System::nanoTime);

    /** Creates the service for one node over a store and the resolver of taggable resources. */
    public TagService(TagStore store, TaggableResources resources) {
        this(store, resources, new ChangeFeed());
    }

    /** Creates the service; {@code changes} carries tag changes between nodes. */
    public TagService(TagStore store, TaggableResources resources, ChangeFeed changes) {
        this.store = requireNonNull(store, "store");
        this.resources = requireNonNull(resources, "resources");
        this.changes = requireNonNull(changes, "changes");
        changes.keepsCurrent(Change.Kind.TAGS, cache);
    }

    /** The tags of a resource. */
    public List<Tag> list(RequestScope scope, String resourceArn) {
        return switch (resolve(scope, resourceArn)) {
            case SERVICE_MANAGED -> List.of();
            default -> store.tags(resourceArn);
        };
    }

    /** The tags of a resource as stored, without checks: what {@code aws:ResourceTag/...} conditions see. */
    public List<Tag> tagsOf(String resourceArn) {
        return cache.get(resourceArn, arn -> List.copyOf(store.tags(arn)));
    }

    /** Adds or overwrites tags on a resource. */
    public void tag(RequestScope scope, String resourceArn, List<Tag> tags) {
        requireWritable(scope, resourceArn);
        checkNewTags(tags);
        boolean stored = tags.size() <= MAX_TAGS && store.putTags(resourceArn, tags, MAX_TAGS);
        changes.publish(new Change(Change.Kind.TAGS, resourceArn));
        if (!stored) {
            throw tooMany(resourceArn);
        }
    }

    /** Removes tags from a resource; keys it does not have are ignored. */
    public void untag(RequestScope scope, String resourceArn, List<String> tagKeys) {
        requireWritable(scope, resourceArn);
        store.removeTags(resourceArn, tagKeys);
        changes.publish(new Change(Change.Kind.TAGS, resourceArn));
    }

    /**
     * Checks tags a request wants to add: no reserved prefix, no key twice, at most {@value #MAX_TAGS}.
     *
     * @throws ValidationException for a reserved or repeated key
     */
    public static void checkNewTags(List<Tag> tags) {
        Set<String> keys = new HashSet<>();
        for (Tag tag : tags) {
            if (tag.key().toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
                throw new ValidationException("Tag keys starting with 'aws:' are reserved for AWS use: '"
                        + tag.key() + "'.");
            }
            if (!keys.add(tag.key())) {
                throw new ValidationException("Duplicate tag key in the request: '" + tag.key() + "'.");
            }
        }
    }

    /** The error for a resource that would have more than {@value #MAX_TAGS} tags. */
    public static TooManyTagsException tooMany(String resourceArn) {
        return new TooManyTagsException("The request would give the resource more than " + MAX_TAGS
                + " tags: " + resourceArn, resourceArn);
    }

    private void requireWritable(RequestScope scope, String resourceArn) {
        if (resolve(scope, resourceArn) == TaggableResources.Taggability.SERVICE_MANAGED) {
            throw new ValidationException("The resource " + resourceArn
                    + " is managed by the service and cannot be tagged.");
        }
    }

    private TaggableResources.Taggability resolve(RequestScope scope, String resourceArn) {
        Arn arn = Arn.parse(resourceArn).orElseThrow(() ->
                new ValidationException("The resourceARN is not a valid ARN: " + resourceArn));
        TaggableResources.Taggability taggability = resources.taggability(scope, arn);
        if (taggability == TaggableResources.Taggability.NOT_FOUND) {
            throw new ResourceNotFoundException("The resource " + resourceArn + " was not found.");
        }
        return taggability;
    }
}
