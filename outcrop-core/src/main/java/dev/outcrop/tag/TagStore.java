package dev.outcrop.tag;

import java.util.Collection;
import java.util.List;

/** Durable storage of tags by resource ARN. Implemented by the store module. */
public interface TagStore {

    /** The tags of a resource, ordered by key. */
    List<Tag> tags(String resourceArn);

    /**
     * Adds or overwrites tags atomically, unless the resource would then have more than {@code maxTags}.
     *
     * @return false (and nothing changed) when the limit would be exceeded
     */
    boolean putTags(String resourceArn, Collection<Tag> tags, int maxTags);

    /** Removes the tags with these keys; absent keys are ignored. */
    void removeTags(String resourceArn, Collection<String> keys);
}
