package dev.outcrop.server.controlplane;

import static java.util.Objects.requireNonNull;

import dev.outcrop.server.BedrockEndpoint;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.ResourceKeys;
import dev.outcrop.server.smithy.SmithyModel;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bedrock-agent service's {@code TagResource}, {@code UntagResource} and {@code ListTagsForResource}: the same
 * tags and rules as the control plane's ({@link TagOperations}), on the agent service's wire (the ARN in the path,
 * tags as a map).
 */
public final class AgentTagOperations {
    private final TagService tags;
    private final AccessControl guard;

    /** Creates the operations over the tag service. */
    public AgentTagOperations(TagService tags, AccessControl guard) {
        this.tags = requireNonNull(tags, "tags");
        this.guard = requireNonNull(guard, "guard");
    }

    /** Binds the operations to an endpoint. */
    public void register(BedrockEndpoint.Builder endpoint) {
        endpoint.operation(SmithyModel.AGENT + "TagResource", this::tag)
                .operation(SmithyModel.AGENT + "UntagResource", this::untag)
                .operation(SmithyModel.AGENT + "ListTagsForResource", this::list);
    }

    record ListResponse(Map<String, String> tags) {}

    private void require(OperationCall call, String action, String resource,
                         java.util.function.Consumer<dev.outcrop.iam.RequestContext.Builder> keys) {
        guard.require(call.caller(), call.scope().region(), action, resource,
                ResourceKeys.resourceTags(tags.tagsOf(resource)).andThen(keys));
    }

    private Reply tag(OperationCall call) {
        List<Tag> requestTags = PromptOperations.tagMap(call.input().node("tags"));
        String resource = call.input().string("resourceArn");
        require(call, "bedrock:TagResource", resource, ResourceKeys.requestTags(requestTags));
        tags.tag(call.scope(), resource, requestTags);
        return Reply.empty();
    }

    private Reply untag(OperationCall call) {
        String resource = call.input().string("resourceArn");
        require(call, "bedrock:UntagResource", resource, k -> k.key("aws:TagKeys", call.input().strings("tagKeys")));
        tags.untag(call.scope(), resource, call.input().strings("tagKeys"));
        return Reply.empty();
    }

    private Reply list(OperationCall call) {
        String resource = call.input().string("resourceArn");
        require(call, "bedrock:ListTagsForResource", resource, k -> { });
        Map<String, String> map = new LinkedHashMap<>();
        tags.list(call.scope(), resource).forEach(t -> map.put(t.key(), t.value()));
        return new Reply.Json(new ListResponse(map));
    }
}
