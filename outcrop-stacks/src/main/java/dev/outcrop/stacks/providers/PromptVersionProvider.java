package dev.outcrop.stacks.providers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.prompt.Prompt;
import dev.outcrop.prompt.PromptService;
import dev.outcrop.stacks.Provisioned;
import dev.outcrop.stacks.ResourceContext;
import dev.outcrop.stacks.ResourceProvider;
import java.util.Set;

/**
 * {@code AWS::Bedrock::PromptVersion}: a numbered snapshot of a prompt's draft ({@code CreatePromptVersion}).
 * Versions are immutable and every property is create-only in the schema, so any change replaces the version:
 * a new one is snapshotted, then the old one deleted. {@code Ref} is the version's ARN; the attributes are the
 * schema's read-only properties, the snapshot's content in CloudFormation's spelling.
 */
public final class PromptVersionProvider implements ResourceProvider {
    private final PromptService prompts;

    /** Creates the provider over the prompt service. */
    public PromptVersionProvider(PromptService prompts) {
        this.prompts = requireNonNull(prompts, "prompts");
    }

    @Override
    public String type() {
        return "AWS::Bedrock::PromptVersion";
    }

    @Override
    public Set<String> properties() {
        return Set.of("PromptArn", "Description", "Tags");
    }

    @Override
    public Set<String> replacedBy() {
        return Set.of("PromptArn", "Description", "Tags");
    }

    @Override
    public Provisioned create(ResourceContext context, ObjectNode properties) {
        String promptArn = Properties.text(context, properties, "PromptArn", true);
        String description = Properties.text(context, properties, "Description", false);
        if (description != null && (description.isEmpty() || description.length() > 200)) {
            throw Properties.invalid(context, "Description", "must be 1 to 200 characters");
        }
        if (!promptArn.matches("arn:[a-z-]+:bedrock:[a-z0-9-]+:\\d{12}:prompt/[0-9a-zA-Z]{10}")) {
            throw Properties.invalid(context, "PromptArn", "must be the ARN of a prompt (its draft), not '"
                    + promptArn + "'");
        }
        context.require("bedrock:CreatePromptVersion", promptArn);
        if (!Properties.tagMap(context, properties).isEmpty()) {
            context.require("bedrock:TagResource", promptArn);
        }
        Prompt version;
        try {
            version = prompts.createVersion(context.scope(), promptArn, description, null,
                    Properties.tagMap(context, properties));
        } catch (ResourceNotFoundException e) {
            throw Properties.invalid(context, "PromptArn", "names no prompt: " + promptArn);
        }
        String arn = version.arn(context.scope().partition());
        ObjectNode attributes = JsonNodeFactory.instance.objectNode().put("Arn", arn).put("PromptId", version.id())
                .put("Version", version.versionLabel()).put("Name", version.name())
                .put("CreatedAt", version.createdAt().toString()).put("UpdatedAt", version.updatedAt().toString());
        if (version.defaultVariant() != null) {
            attributes.put("DefaultVariant", version.defaultVariant());
        }
        if (version.customerEncryptionKeyArn() != null) {
            attributes.put("CustomerEncryptionKeyArn", version.customerEncryptionKeyArn());
        }
        attributes.set("Variants", PromptShapes.toCloudFormation(version.variants()));
        return new Provisioned(arn, attributes);
    }

    @Override
    public Provisioned update(ResourceContext context, Provisioned current, ObjectNode previous, ObjectNode properties) {
        return current; // every property replaces it: nothing changes in place
    }

    @Override
    public void delete(ResourceContext context, Provisioned current, ObjectNode properties) {
        context.require("bedrock:DeletePrompt", current.physicalId());
        try {
            prompts.delete(context.scope(), current.physicalId(), null);
        } catch (ResourceNotFoundException gone) {
            // deleted already (with its prompt, say)
        }
    }
}
