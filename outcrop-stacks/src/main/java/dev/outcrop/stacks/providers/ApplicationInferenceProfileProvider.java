package dev.outcrop.stacks.providers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.profile.InferenceProfile;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.profileconfig.StoredInferenceConfig;
import dev.outcrop.profileconfig.StoredInferenceConfigJson;
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
 *
 * <p>The resource's {@value #METADATA_KEY} metadata (which the CDK library's {@code InferenceProfile} writes and
 * real CloudFormation ignores) is the profile's stored inference configuration, in the JSON form of
 * {@link StoredInferenceConfigJson}: applied when the profile is created, replaced when the entry changes, cleared
 * when a template no longer carries it. A profile whose template never carried it keeps what the admin API or the
 * configuration file gave it. What the stack last applied is kept as the resource's attribute of the same name,
 * so that an update (or its rollback) knows whether the entry changed.
 */
public final class ApplicationInferenceProfileProvider implements ResourceProvider {
    /** The metadata key holding the profile's inference configuration. */
    public static final String METADATA_KEY = "Outcrop::InferenceConfiguration";
    /** The admin API's action for a profile's stored inference configuration, which the metadata sets. */
    static final String CONFIGURE = "outcrop:ConfigureProfiles";
    private final InferenceProfileService profiles;
    private final TagService tags;
    private final ProfileConfigurations configurations;

    /** Creates the provider over the services. */
    public ApplicationInferenceProfileProvider(InferenceProfileService profiles, TagService tags,
                                               ProfileConfigurations configurations) {
        this.profiles = requireNonNull(profiles, "profiles");
        this.tags = requireNonNull(tags, "tags");
        this.configurations = requireNonNull(configurations, "configurations");
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
        // Read before anything exists: a configuration that is not exactly valid fails the resource, leaving nothing.
        JsonNode wanted = context.metadata().get(METADATA_KEY);
        StoredInferenceConfig config = configuration(context, wanted);
        String newProfiles = context.regionalArn("bedrock", "application-inference-profile/*");
        context.require("bedrock:CreateInferenceProfile", newProfiles);
        context.require("bedrock:CreateInferenceProfile", copyFrom);
        if (!Properties.tags(context, properties).isEmpty()) {
            context.require("bedrock:TagResource", newProfiles);
        }
        if (config != null) {
            context.require(CONFIGURE, newProfiles);
        }
        String arn = profiles.create(context.scope(), name, description, copyFrom, null,
                Properties.tags(context, properties)).inferenceProfileArn();
        if (config != null) {
            try {
                configurations.configure(context.scope(), arn, config);
            } catch (RuntimeException e) {
                profiles.delete(context.scope(), arn);
                throw e;
            }
        }
        return provisioned(context, arn, wanted);
    }

    @Override
    public boolean metadataChanged(ResourceContext context, Provisioned current) {
        return !java.util.Objects.equals(context.metadata().get(METADATA_KEY), current.attributes().get(METADATA_KEY));
    }

    @Override
    public Provisioned update(ResourceContext context, Provisioned current, ObjectNode previous, ObjectNode properties) {
        JsonNode configured = context.metadata().get(METADATA_KEY);
        boolean reconfigure = metadataChanged(context, current);
        StoredInferenceConfig config = reconfigure ? configuration(context, configured) : null;
        List<Tag> wanted = Properties.tags(context, properties);
        List<String> gone = Properties.tags(context, previous).stream().map(Tag::key)
                .filter(key -> wanted.stream().noneMatch(t -> t.key().equals(key))).toList();
        if (!gone.isEmpty()) {
            context.require("bedrock:UntagResource", current.physicalId());
        }
        if (!wanted.isEmpty()) {
            context.require("bedrock:TagResource", current.physicalId());
        }
        if (reconfigure) {
            context.require(CONFIGURE, current.physicalId());
        }
        if (!gone.isEmpty()) {
            tags.untag(context.scope(), current.physicalId(), gone);
        }
        if (!wanted.isEmpty()) {
            tags.tag(context.scope(), current.physicalId(), wanted);
        }
        if (reconfigure) {
            configurations.configure(context.scope(), current.physicalId(),
                    config == null ? StoredInferenceConfig.NONE : config);
        }
        return provisioned(context, current.physicalId(), configured);
    }

    @Override
    public void delete(ResourceContext context, Provisioned current, ObjectNode properties) {
        context.require("bedrock:DeleteInferenceProfile", current.physicalId());
        try {
            profiles.delete(context.scope(), current.physicalId());
        } catch (ResourceNotFoundException gone) {
            // deleted already, by hand: the stack's delete still completes, as CloudFormation's does
        }
    }

    /**
     * The configuration a {@value #METADATA_KEY} entry gives; null when there is none.
     *
     * @throws ValidationException naming the resource, the key and every violation, when it is not exactly valid
     */
    private static StoredInferenceConfig configuration(ResourceContext context, JsonNode entry) {
        if (entry == null) {
            return null;
        }
        try {
            return StoredInferenceConfigJson.read(asWritten(entry));
        } catch (ValidationException e) {
            throw new ValidationException("Resources." + context.logicalId() + ".Metadata." + METADATA_KEY
                    + " is not a valid inference configuration: " + e.getMessage());
        }
    }

    /**
     * The entry with its numbers as JSON wrote them: the template reader keeps every number as a decimal, and a
     * number written without a fraction ({@code 300}) is an integer where the configuration asks for one.
     */
    private static JsonNode asWritten(JsonNode node) {
        if (node.isBigDecimal() && node.decimalValue().scale() <= 0) {
            return JsonNodeFactory.instance.numberNode(node.decimalValue().toBigIntegerExact());
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> copy.set(field.getKey(), asWritten(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(asWritten(item)));
            return copy;
        }
        return node;
    }

    private Provisioned provisioned(ResourceContext context, String arn, JsonNode applied) {
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
        if (applied != null) {
            attributes.set(METADATA_KEY, applied.deepCopy());
        }
        return new Provisioned(arn, attributes);
    }
}
