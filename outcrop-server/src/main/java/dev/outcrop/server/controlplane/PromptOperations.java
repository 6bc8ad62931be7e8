package dev.outcrop.server.controlplane;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.arn.Arn;
import dev.outcrop.prompt.Prompt;
import dev.outcrop.prompt.PromptService;
import dev.outcrop.server.BedrockEndpoint;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.Reply;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.ResourceKeys;
import dev.outcrop.server.smithy.SmithyModel;
import dev.outcrop.tag.Tag;
import dev.outcrop.tag.TagService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire side of Prompt management (the bedrock-agent service): {@code CreatePrompt}, {@code GetPrompt},
 * {@code UpdatePrompt}, {@code ListPrompts}, {@code DeletePrompt} and {@code CreatePromptVersion}. Each asks IAM
 * for its {@code bedrock:} action on the prompt's ARN, or the version's ({@code prompt/ID:N}) where one is named.
 */
public final class PromptOperations {
    private final PromptService prompts;
    private final TagService tags;
    private final AccessControl guard;

    /** Creates the operations over the prompt service. */
    public PromptOperations(PromptService prompts, TagService tags, AccessControl guard) {
        this.prompts = requireNonNull(prompts, "prompts");
        this.tags = requireNonNull(tags, "tags");
        this.guard = requireNonNull(guard, "guard");
    }

    /** Binds the operations to an endpoint. */
    public void register(BedrockEndpoint.Builder endpoint) {
        endpoint.operation(SmithyModel.AGENT + "CreatePrompt", this::create)
                .operation(SmithyModel.AGENT + "GetPrompt", this::get)
                .operation(SmithyModel.AGENT + "UpdatePrompt", this::update)
                .operation(SmithyModel.AGENT + "ListPrompts", this::list)
                .operation(SmithyModel.AGENT + "DeletePrompt", this::delete)
                .operation(SmithyModel.AGENT + "CreatePromptVersion", this::createVersion);
    }

    /** {@code GetPromptResponse} and the other operations' answers of a whole prompt. */
    record PromptView(String name, String description, String customerEncryptionKeyArn, String defaultVariant,
                      JsonNode variants, String id, String arn, String version, Instant createdAt, Instant updatedAt) {
        static PromptView of(Prompt p, String partition) {
            return new PromptView(p.name(), p.description(), p.customerEncryptionKeyArn(), p.defaultVariant(),
                    p.variants().isEmpty() ? null : p.variants(), p.id(), p.arn(partition), p.versionLabel(),
                    p.createdAt(), p.updatedAt());
        }
    }

    /** {@code PromptSummary}. */
    record Summary(String name, String description, String id, String arn, String version, Instant createdAt,
                   Instant updatedAt) {
        static Summary of(Prompt p, String partition) {
            return new Summary(p.name(), p.description(), p.id(), p.arn(partition), p.versionLabel(), p.createdAt(),
                    p.updatedAt());
        }
    }

    record ListResponse(List<Summary> promptSummaries, String nextToken) {}

    record DeleteResponse(String id, String version) {}

    private void require(OperationCall call, String action, String resource) {
        guard.require(call.caller(), call.scope().region(), action, resource,
                ResourceKeys.resourceTags(tags.tagsOf(resource)));
    }

    private PromptService.Content content(OperationCall call) {
        JsonNode variants = call.input().node("variants");
        return new PromptService.Content(call.input().string("name"), call.input().optionalString("description"),
                call.input().optionalString("customerEncryptionKeyArn"), call.input().optionalString("defaultVariant"),
                variants.isArray() ? variants : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode());
    }

    private Reply create(OperationCall call) {
        List<Tag> requestTags = tagMap(call.input().node("tags"));
        String newPrompts = Arn.of(call.scope().partition(), call.scope().region(), call.scope().accountId(),
                Prompt.RESOURCE_TYPE, "*").toString();
        guard.require(call.caller(), call.scope().region(), "bedrock:CreatePrompt", newPrompts,
                ResourceKeys.requestTags(requestTags));
        Prompt created = prompts.create(call.scope(), content(call), call.input().optionalString("clientToken"),
                requestTags);
        return new Reply.Json(PromptView.of(created, call.scope().partition()));
    }

    private Reply get(OperationCall call) {
        String identifier = call.input().string("promptIdentifier");
        String version = call.input().optionalString("promptVersion");
        require(call, "bedrock:GetPrompt", PromptService.arnOf(call.scope(), identifier, version));
        return new Reply.Json(PromptView.of(prompts.get(call.scope(), identifier, version), call.scope().partition()));
    }

    private Reply update(OperationCall call) {
        String identifier = call.input().string("promptIdentifier");
        require(call, "bedrock:UpdatePrompt", PromptService.arnOf(call.scope(), identifier, null));
        Prompt updated = prompts.update(call.scope(), identifier, content(call));
        return new Reply.Json(PromptView.of(updated, call.scope().partition()));
    }

    private Reply list(OperationCall call) {
        String identifier = call.input().optionalString("promptIdentifier");
        require(call, "bedrock:ListPrompts",
                identifier == null ? "*" : PromptService.arnOf(call.scope(), identifier, "DRAFT"));
        PromptService.Page page = prompts.list(call.scope(), identifier, call.input().optionalInt("maxResults"),
                call.input().optionalString("nextToken"));
        return new Reply.Json(new ListResponse(page.items().stream()
                .map(p -> Summary.of(p, call.scope().partition())).toList(), page.nextToken()));
    }

    private Reply delete(OperationCall call) {
        String identifier = call.input().string("promptIdentifier");
        String version = call.input().optionalString("promptVersion");
        require(call, "bedrock:DeletePrompt", PromptService.arnOf(call.scope(), identifier, version));
        PromptService.Deleted deleted = prompts.delete(call.scope(), identifier, version);
        return new Reply.Json(new DeleteResponse(deleted.id(),
                deleted.version() == null ? null : deleted.version().toString()));
    }

    private Reply createVersion(OperationCall call) {
        String identifier = call.input().string("promptIdentifier");
        List<Tag> requestTags = tagMap(call.input().node("tags"));
        guard.require(call.caller(), call.scope().region(), "bedrock:CreatePromptVersion",
                PromptService.arnOf(call.scope(), identifier, null),
                ResourceKeys.resourceTags(tags.tagsOf(PromptService.arnOf(call.scope(), identifier, null)))
                        .andThen(ResourceKeys.requestTags(requestTags)));
        Prompt version = prompts.createVersion(call.scope(), identifier, call.input().optionalString("description"),
                call.input().optionalString("clientToken"), requestTags);
        return new Reply.Json(PromptView.of(version, call.scope().partition()));
    }

    /** Tags from a validated {@code TagsMap} (bedrock-agent's tags are a map, not a list). */
    static List<Tag> tagMap(JsonNode map) {
        List<Tag> tags = new ArrayList<>();
        map.properties().forEach(e -> tags.add(new Tag(e.getKey(), e.getValue().asText())));
        return tags;
    }
}
