package dev.outcrop.server.controlplane;

import static java.util.Objects.requireNonNull;

import dev.outcrop.server.BedrockEndpoint;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.ResourceKeys;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import java.util.List;

/** The wire side of {@code TagResource}, {@code UntagResource} and {@code ListTagsForResource}. */
public final class TagOperations {
    private final TagService tags;
    private final AccessControl access;

    /** Creates the operations over the tag service. */
    public TagOperations(TagService tags, AccessControl access) {
        this.tags = requireNonNull(tags, "tags");
        this.access = requireNonNull(access, "access");
    }

    private void require(OperationCall call, String action, String resource,
                         java.util.function.Consumer<dev.outcrop.iam.RequestContext.Builder> keys) {
        access.require(call.caller(), call.scope().region(), action, resource,
                ResourceKeys.resourceTags(tags.tagsOf(resource)).andThen(keys));
    }

    /** Binds the operations to an endpoint. */
    public void register(BedrockEndpoint.Builder endpoint) {
        endpoint.operation("TagResource", this::tag)
                .operation("UntagResource", this::untag)
                .operation("ListTagsForResource", this::list);
    }

    record ListResponse(List<Tag> tags) {}

    private Reply tag(OperationCall call) {
        List<Tag> requestTags = InferenceProfileOperations.tags(call.input().node("tags"));
        String resource = call.input().string("resourceARN");
        require(call, "bedrock:TagResource", resource, ResourceKeys.requestTags(requestTags));
        tags.tag(call.scope(), resource, requestTags);
        return Reply.empty();
    }

    private Reply untag(OperationCall call) {
        require(call, "bedrock:UntagResource", call.input().string("resourceARN"),
                k -> k.key("aws:TagKeys", call.input().strings("tagKeys")));
        tags.untag(call.scope(), call.input().string("resourceARN"), call.input().strings("tagKeys"));
        return Reply.empty();
    }

    private Reply list(OperationCall call) {
        require(call, "bedrock:ListTagsForResource", call.input().string("resourceARN"), k -> { });
        return new Reply.Json(new ListResponse(tags.list(call.scope(), call.input().string("resourceARN"))));
    }
}
