package dev.outcrop.server.controlplane;

import static java.util.Objects.requireNonNull;

import dev.outcrop.server.BedrockEndpoint;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import java.util.List;

/** The wire side of {@code TagResource}, {@code UntagResource} and {@code ListTagsForResource}. */
public final class TagOperations {
    private final TagService tags;

    /** Creates the operations over the tag service. */
    public TagOperations(TagService tags) {
        this.tags = requireNonNull(tags, "tags");
    }

    /** Binds the operations to an endpoint. */
    public void register(BedrockEndpoint.Builder endpoint) {
        endpoint.operation("TagResource", this::tag)
                .operation("UntagResource", this::untag)
                .operation("ListTagsForResource", this::list);
    }

    record ListResponse(List<Tag> tags) {}

    private Reply tag(OperationCall call) {
        tags.tag(call.scope(), call.input().string("resourceARN"),
                InferenceProfileOperations.tags(call.input().node("tags")));
        return Reply.empty();
    }

    private Reply untag(OperationCall call) {
        tags.untag(call.scope(), call.input().string("resourceARN"), call.input().strings("tagKeys"));
        return Reply.empty();
    }

    private Reply list(OperationCall call) {
        return new Reply.Json(new ListResponse(tags.list(call.scope(), call.input().string("resourceARN"))));
    }
}
