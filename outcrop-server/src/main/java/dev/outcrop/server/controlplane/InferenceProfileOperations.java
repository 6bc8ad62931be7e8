package dev.outcrop.server.controlplane;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.profile.InferenceProfile;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.profile.InferenceProfileType;
import dev.outcrop.server.BedrockEndpoint;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.ResourceKeys;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The wire side of {@code ListInferenceProfiles}, {@code Get-}, {@code Create-} and {@code DeleteInferenceProfile}. */
public final class InferenceProfileOperations {
    private final InferenceProfileService profiles;
    private final TagService tags;
    private final AccessControl access;

    /** Creates the operations over the profile service. */
    public InferenceProfileOperations(InferenceProfileService profiles, TagService tags, AccessControl access) {
        this.profiles = requireNonNull(profiles, "profiles");
        this.tags = requireNonNull(tags, "tags");
        this.access = requireNonNull(access, "access");
    }

    /**
     * The ARN an identifier names in the caller's scope, whether or not the profile exists: access is
     * decided before existence, so that a denied caller learns nothing about what exists.
     */
    private String arnOf(OperationCall call, String identifier) {
        return profiles.find(call.scope(), identifier).map(InferenceProfile::inferenceProfileArn).orElseGet(() -> {
            if (dev.outcrop.arn.Arn.looksLikeArn(identifier)) {
                return identifier;
            }
            String type = identifier.contains(".") ? dev.outcrop.arn.ResourceTypes.INFERENCE_PROFILE
                    : dev.outcrop.arn.ResourceTypes.APPLICATION_INFERENCE_PROFILE;
            return dev.outcrop.arn.Arn.of(call.scope().partition(), call.scope().region(), call.scope().accountId(),
                    type, identifier).toString();
        });
    }

    private void require(OperationCall call, String action, String resource) {
        access.require(call.caller(), call.scope().region(), action, resource, ResourceKeys.resourceTags(tags.tagsOf(resource)));
    }

    /** Binds the operations to an endpoint. */
    public void register(BedrockEndpoint.Builder endpoint) {
        endpoint.operation("ListInferenceProfiles", this::list)
                .operation("GetInferenceProfile", this::get)
                .operation("CreateInferenceProfile", this::create)
                .operation("DeleteInferenceProfile", this::delete);
    }

    /** {@code InferenceProfileSummary} and {@code GetInferenceProfileResponse} members. */
    record ProfileView(String inferenceProfileName, String description, Instant createdAt, Instant updatedAt,
                       String inferenceProfileArn, List<ModelRef> models, String inferenceProfileId, String status,
                       String type) {
        static ProfileView of(InferenceProfile p) {
            return new ProfileView(p.inferenceProfileName(), p.description(), p.createdAt(), p.updatedAt(),
                    p.inferenceProfileArn(), p.models().stream().map(ModelRef::new).toList(), p.inferenceProfileId(),
                    p.status(), p.type().name());
        }
    }

    /** {@code InferenceProfileModel}. */
    record ModelRef(String modelArn) {}

    record ListResponse(List<ProfileView> inferenceProfileSummaries, String nextToken) {}

    record CreateResponse(String inferenceProfileArn, String status) {}

    private Reply list(OperationCall call) {
        access.require(call.caller(), call.scope().region(), "bedrock:ListInferenceProfiles", "*", k -> { });
        String type = call.input().optionalString("typeEquals");
        InferenceProfileService.Page page = profiles.list(call.scope(),
                type == null ? null : InferenceProfileType.valueOf(type), call.input().optionalInt("maxResults"),
                call.input().optionalString("nextToken"));
        return new Reply.Json(new ListResponse(page.items().stream().map(ProfileView::of).toList(), page.nextToken()));
    }

    private Reply get(OperationCall call) {
        require(call, "bedrock:GetInferenceProfile", arnOf(call, call.input().string("inferenceProfileIdentifier")));
        return new Reply.Json(ProfileView.of(profiles.get(call.scope(),
                call.input().string("inferenceProfileIdentifier"))));
    }

    private Reply create(OperationCall call) {
        List<Tag> requestTags = tags(call.input().node("tags"));
        String copyFrom = call.input().node("modelSource").path("copyFrom").asText();
        String newProfiles = dev.outcrop.arn.Arn.of(call.scope().partition(), call.scope().region(),
                call.scope().accountId(), dev.outcrop.arn.ResourceTypes.APPLICATION_INFERENCE_PROFILE, "*").toString();
        access.require(call.caller(), call.scope().region(), "bedrock:CreateInferenceProfile", newProfiles,
                ResourceKeys.requestTags(requestTags));
        access.require(call.caller(), call.scope().region(), "bedrock:CreateInferenceProfile", copyFrom,
                ResourceKeys.requestTags(requestTags));
        InferenceProfileService.Created created = profiles.create(call.scope(),
                call.input().string("inferenceProfileName"), call.input().optionalString("description"),
                copyFrom, call.input().optionalString("clientRequestToken"), requestTags);
        return new Reply.Json(new CreateResponse(created.inferenceProfileArn(), "ACTIVE"));
    }

    private Reply delete(OperationCall call) {
        String arn = arnOf(call, call.input().string("inferenceProfileIdentifier"));
        require(call, "bedrock:DeleteInferenceProfile", arn);
        profiles.delete(call.scope(), call.input().string("inferenceProfileIdentifier"));
        return Reply.empty();
    }

    /** Tags from a validated {@code TagList}. */
    static List<Tag> tags(JsonNode list) {
        List<Tag> tags = new ArrayList<>();
        list.forEach(t -> tags.add(new Tag(t.path("key").asText(), t.path("value").asText())));
        return tags;
    }
}
