package dev.outcrop.server.auth;

import dev.outcrop.iam.RequestContext;
import dev.outcrop.tag.Tag;
import java.util.List;
import java.util.function.Consumer;

/** The tag condition keys of IAM: {@code aws:ResourceTag/...}, {@code aws:RequestTag/...}, {@code aws:TagKeys}. */
public final class ResourceKeys {
    private ResourceKeys() {}

    /** {@code aws:ResourceTag/key} for each tag the resource has. */
    public static Consumer<RequestContext.Builder> resourceTags(List<Tag> tags) {
        return context -> tags.forEach(t -> context.key("aws:ResourceTag/" + t.key(), t.value()));
    }

    /** {@code aws:RequestTag/key} for each tag of the request, and {@code aws:TagKeys}. */
    public static Consumer<RequestContext.Builder> requestTags(List<Tag> tags) {
        return context -> {
            tags.forEach(t -> context.key("aws:RequestTag/" + t.key(), t.value()));
            context.key("aws:TagKeys", tags.stream().map(Tag::key).toList());
        };
    }
}
