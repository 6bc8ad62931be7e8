package dev.outcrop.tag;

import dev.outcrop.arn.Arn;
import dev.outcrop.context.RequestScope;

/** Tells the tagging API whether an ARN names a resource it may tag. */
@FunctionalInterface
public interface TaggableResources {

    /** What a resource ARN is to the tagging API. */
    enum Taggability {
        /** A resource of the caller's that takes tags. */
        TAGGABLE,
        /** A resource managed by the service (a system-defined profile): it has no tags and takes none. */
        SERVICE_MANAGED,
        /** No such resource in the caller's account and region. */
        NOT_FOUND
    }

    /** Classifies {@code arn} for a caller in {@code scope}. */
    Taggability taggability(RequestScope scope, Arn arn);
}
