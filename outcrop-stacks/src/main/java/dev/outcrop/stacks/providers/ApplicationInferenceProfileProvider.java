package dev.outcrop.stacks.providers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.profile.InferenceProfile;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.stacks.Provisioned;
import dev.outcrop.stacks.ResourceContext;
import dev.outcrop.stacks.ResourceProvider;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import java.util.List;
import java.util.Set;

/**
 * {@code AWS::Bedrock::ApplicationInferenceProfile} over the inference-profile service: its name, description
 * and model source replace it (they are create-only in its schema); its tags change in place. {@code Ref} is
 * its ARN; the attributes are those of the schema's read-only properties.
 */
public final class ApplicationInferenceProfileProvider implements ResourceProvider {
    private final InferenceProfileService profiles;
    private final TagService tags;

    /** Creates the provider over the services. */
    public ApplicationInferenceProfileProvider(InferenceProfileService profiles, TagService tags) {
        this.profiles = requireNonNull(profiles, "profiles");
        this.tags = requireNonNull(tags, "tags");
    }

    @Override
    public String type() {
        return "AWS::Bedrock::ApplicationInferenceProfile";
    }

    @Override
    public Set<String> properties() {
        return Set.of("InferenceProfileName", "Description", "ModelSource", "Tags");
    }

    @Override
    public Set<String> replacedBy() {
        return Set.of("InferenceProfileName", "Description", "ModelSource");
    }

    @Override
    public Provisioned create(ResourceContext context, ObjectNode properties) {
        String name = Properties.text(context, properties, "InferenceProfileName", true);
        String description = Properties.text(context, properties, "Description", false);
        if (!properties.path("ModelSource").path("CopyFrom").isTextual()) {
            throw Properties.invalid(context, "ModelSource", "needs CopyFrom: the ARN of a foundation model or of a "
                    + "system-defined inference profile");
        }
        String copyFrom = properties.get("ModelSource").get("CopyFrom").asText();
        String arn = profiles.create(context.scope(), name, description, copyFrom, null,
                Properties.tags(context, properties)).inferenceProfileArn();
        return provisioned(context, arn);
    }

    @Override
    public Provisioned update(ResourceContext context, Provisioned current, ObjectNode previous, ObjectNode properties) {
        List<Tag> wanted = Properties.tags(context, properties);
        List<String> gone = Properties.tags(context, previous).stream().map(Tag::key)
                .filter(key -> wanted.stream().noneMatch(t -> t.key().equals(key))).toList();
        if (!gone.isEmpty()) {
            tags.untag(context.scope(), current.physicalId(), gone);
        }
        if (!wanted.isEmpty()) {
            tags.tag(context.scope(), current.physicalId(), wanted);
        }
        return provisioned(context, current.physicalId());
    }

    @Override
    public void delete(ResourceContext context, Provisioned current, ObjectNode properties) {
        try {
            profiles.delete(context.scope(), current.physicalId());
        } catch (ResourceNotFoundException gone) {
            // deleted already, by hand: the stack's delete still completes, as CloudFormation's does
        }
    }

    private Provisioned provisioned(ResourceContext context, String arn) {
        InferenceProfile profile = profiles.get(context.scope(), arn);
        ObjectNode attributes = JsonNodeFactory.instance.objectNode()
                .put("InferenceProfileArn", profile.inferenceProfileArn())
                .put("InferenceProfileId", profile.inferenceProfileId())
                .put("InferenceProfileIdentifier", profile.inferenceProfileArn())
                .put("Status", profile.status())
                .put("Type", profile.type().name())
                .put("CreatedAt", profile.createdAt().toString())
                .put("UpdatedAt", profile.updatedAt().toString());
        var models = attributes.putArray("Models");
        profile.models().forEach(model -> models.addObject().put("ModelArn", model));
        return new Provisioned(arn, attributes);
    }
}
