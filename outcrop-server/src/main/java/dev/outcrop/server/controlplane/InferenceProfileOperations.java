package dev.outcrop.server.controlplane;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.profile.InferenceProfile;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.profile.InferenceProfileType;
import dev.outcrop.server.BedrockEndpoint;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import dev.outcrop.tag.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The wire side of {@code ListInferenceProfiles}, {@code Get-}, {@code Create-} and {@code DeleteInferenceProfile}. */
public final class InferenceProfileOperations {
    private final InferenceProfileService profiles;

    /** Creates the operations over the profile service. */
    public InferenceProfileOperations(InferenceProfileService profiles) {
        this.profiles = requireNonNull(profiles, "profiles");
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
        String type = call.input().optionalString("typeEquals");
        InferenceProfileService.Page page = profiles.list(call.scope(),
                type == null ? null : InferenceProfileType.valueOf(type), call.input().optionalInt("maxResults"),
                call.input().optionalString("nextToken"));
        return new Reply.Json(new ListResponse(page.items().stream().map(ProfileView::of).toList(), page.nextToken()));
    }

    private Reply get(OperationCall call) {
        return new Reply.Json(ProfileView.of(profiles.get(call.scope(),
                call.input().string("inferenceProfileIdentifier"))));
    }

    private Reply create(OperationCall call) {
        InferenceProfileService.Created created = profiles.create(call.scope(),
                call.input().string("inferenceProfileName"), call.input().optionalString("description"),
                call.input().node("modelSource").path("copyFrom").asText(),
                call.input().optionalString("clientRequestToken"), tags(call.input().node("tags")));
        return new Reply.Json(new CreateResponse(created.inferenceProfileArn(), "ACTIVE"));
    }

    private Reply delete(OperationCall call) {
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
