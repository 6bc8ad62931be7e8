package dev.outcrop.stacks.providers;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.prompt.Prompt;
import dev.outcrop.prompt.PromptService;
import dev.outcrop.stacks.Provisioned;
import dev.outcrop.stacks.ResourceContext;
import dev.outcrop.stacks.ResourceProvider;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import java.util.List;
import java.util.Set;

/**
 * {@code AWS::Bedrock::Prompt} over Prompt management: the prompt's draft. Its schema has no create-only
 * property, so every change is made in place ({@code UpdatePrompt}, tags by tagging); {@code Ref} is its ARN. The
 * properties are checked as {@code CreatePrompt}'s input would be, through {@link InputCheck}.
 */
public final class PromptProvider implements ResourceProvider {
    /** Checks a {@code CreatePrompt} request body against the bedrock-agent model (lengths, patterns, enums). */
    @FunctionalInterface
    public interface InputCheck {
        /**
         * Checks the input.
         *
         * @throws ValidationException naming what is wrong, in the API's member names
         */
        void check(JsonNode createPromptRequest);
    }

    private final PromptService prompts;
    private final TagService tags;
    private final InputCheck inputCheck;

    /** Creates the provider over the services. */
    public PromptProvider(PromptService prompts, TagService tags, InputCheck inputCheck) {
        this.prompts = requireNonNull(prompts, "prompts");
        this.tags = requireNonNull(tags, "tags");
        this.inputCheck = requireNonNull(inputCheck, "inputCheck");
    }

    @Override
    public String type() {
        return "AWS::Bedrock::Prompt";
    }

    @Override
    public Set<String> properties() {
        return Set.of("Name", "Description", "CustomerEncryptionKeyArn", "DefaultVariant", "Variants", "Tags");
    }

    @Override
    public Set<String> replacedBy() {
        return Set.of();
    }

    @Override
    public Provisioned create(ResourceContext context, ObjectNode properties) {
        PromptService.Content content = content(context, properties);
        String newPrompts = context.regionalArn("bedrock", Prompt.RESOURCE_TYPE + "/*");
        context.require("bedrock:CreatePrompt", newPrompts);
        if (!Properties.tagMap(context, properties).isEmpty()) {
            context.require("bedrock:TagResource", newPrompts);
        }
        Prompt created = prompts.create(context.scope(), content, null, Properties.tagMap(context, properties));
        return provisioned(context, created);
    }

    @Override
    public Provisioned update(ResourceContext context, Provisioned current, ObjectNode previous, ObjectNode properties) {
        PromptService.Content content = content(context, properties);
        List<Tag> wanted = Properties.tagMap(context, properties);
        List<String> gone = Properties.tagMap(context, previous).stream().map(Tag::key)
                .filter(key -> wanted.stream().noneMatch(t -> t.key().equals(key))).toList();
        context.require("bedrock:UpdatePrompt", current.physicalId());
        if (!gone.isEmpty()) {
            context.require("bedrock:UntagResource", current.physicalId());
        }
        if (!wanted.isEmpty()) {
            context.require("bedrock:TagResource", current.physicalId());
        }
        Prompt updated = prompts.update(context.scope(), current.physicalId(), content);
        if (!gone.isEmpty()) {
            tags.untag(context.scope(), current.physicalId(), gone);
        }
        if (!wanted.isEmpty()) {
            tags.tag(context.scope(), current.physicalId(), wanted);
        }
        return provisioned(context, updated);
    }

    @Override
    public void delete(ResourceContext context, Provisioned current, ObjectNode properties) {
        context.require("bedrock:DeletePrompt", current.physicalId());
        try {
            prompts.delete(context.scope(), current.physicalId(), null);
        } catch (ResourceNotFoundException gone) {
            // deleted already
        }
    }

    private PromptService.Content content(ResourceContext context, ObjectNode properties) {
        String name = Properties.text(context, properties, "Name", true);
        String description = Properties.text(context, properties, "Description", false);
        String key = Properties.text(context, properties, "CustomerEncryptionKeyArn", false);
        String defaultVariant = Properties.text(context, properties, "DefaultVariant", false);
        var variants = PromptShapes.toApi(context, properties.get("Variants"));
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("name", name);
        if (description != null) {
            input.put("description", description);
        }
        if (key != null) {
            input.put("customerEncryptionKeyArn", key);
        }
        if (defaultVariant != null) {
            input.put("defaultVariant", defaultVariant);
        }
        input.set("variants", variants);
        Properties.tagMap(context, properties).forEach(t -> input.with("tags").put(t.key(), t.value()));
        try {
            inputCheck.check(input);
        } catch (ValidationException e) {
            throw new ValidationException("Resources." + context.logicalId() + ".Properties, read as CreatePrompt's "
                    + "input: " + e.getMessage());
        }
        return new PromptService.Content(name, description, key, defaultVariant, variants);
    }

    private static Provisioned provisioned(ResourceContext context, Prompt prompt) {
        String arn = prompt.arn(context.scope().partition());
        return new Provisioned(arn, JsonNodeFactory.instance.objectNode().put("Arn", arn).put("Id", prompt.id())
                .put("Version", prompt.versionLabel()).put("CreatedAt", prompt.createdAt().toString())
                .put("UpdatedAt", prompt.updatedAt().toString()));
    }
}
