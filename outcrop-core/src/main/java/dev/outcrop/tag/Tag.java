package dev.outcrop.tag;

import static java.util.Objects.requireNonNull;

/**
 * A resource tag.
 *
 * @param key 1-128 characters
 * @param value 0-256 characters
 */
public record Tag(String key, String value) {
    /** Checks the members. */
    public Tag {
        requireNonNull(key, "key");
        requireNonNull(value, "value");
    }
}
