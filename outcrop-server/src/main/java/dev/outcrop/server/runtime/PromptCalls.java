package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.arn.Arn;
import dev.outcrop.error.ValidationException;
import dev.outcrop.prompt.Prompt;
import dev.outcrop.prompt.PromptIdentifier;
import dev.outcrop.prompt.PromptRendering;
import dev.outcrop.prompt.PromptService;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.auth.Guard;
import dev.outcrop.server.auth.ResourceKeys;
import dev.outcrop.server.protocol.OperationInput;
import dev.outcrop.server.smithy.InputValidator;
import dev.outcrop.tag.TagService;

/**
 * A Converse or ConverseStream call whose {@code modelId} is a prompt version ARN: authorized
 * ({@code bedrock:RenderPrompt} on the version), rendered into the Converse request the prompt describes
 * ({@link PromptRendering}), and validated again against the runtime model, since the prompt was validated
 * against bedrock-agent's. The call then goes on as a call of the variant's model: its own authorization,
 * routing and stored configuration apply as to any other.
 */
public final class PromptCalls {
    private final PromptService prompts;
    private final Guard guard;
    private final TagService tags;
    private final InputValidator validator;

    /** Creates the step over the prompt service. */
    public PromptCalls(PromptService prompts, Guard guard, TagService tags, InputValidator validator) {
        this.prompts = requireNonNull(prompts, "prompts");
        this.guard = requireNonNull(guard, "guard");
        this.tags = requireNonNull(tags, "tags");
        this.validator = requireNonNull(validator, "validator");
    }

    /**
     * The call as it runs.
     *
     * @param call the call as the caller sent it
     * @param promptArn the prompt version ARN it ran through, or null when its {@code modelId} named no prompt
     */
    public record Resolved(OperationCall call, String promptArn) {}

    /** Whether {@code modelId} names a prompt (its draft or a version) rather than a model. */
    public static boolean namesPrompt(String modelId) {
        return Arn.parse(modelId).filter(a -> a.resourceType().equals(Prompt.RESOURCE_TYPE)).isPresent();
    }

    /**
     * The call itself when its {@code modelId} names no prompt; otherwise the call of the prompt's variant.
     *
     * @throws ValidationException for a prompt's draft, a member the request may not give, a variable without value
     * @throws dev.outcrop.error.AccessDeniedException without {@code bedrock:RenderPrompt} on the version
     * @throws dev.outcrop.error.ResourceNotFoundException for a version that does not exist
     */
    public Resolved resolve(OperationCall call) {
        String modelId = call.input().string("modelId");
        if (!namesPrompt(modelId)) {
            return new Resolved(call, null);
        }
        PromptIdentifier ref = PromptIdentifier.parse(call.scope(), modelId);
        if (ref.version() == null) {
            throw new ValidationException("The modelId " + modelId + " names a prompt's draft. Run a version of it: "
                    + "its ARN ends in :VERSION (CreatePromptVersion makes one).");
        }
        String versionArn = Arn.of(call.scope().partition(), call.scope().region(), call.scope().accountId(),
                Prompt.RESOURCE_TYPE, ref.id()).toString() + ':' + ref.version();
        // Access before existence: a caller that may not render it learns nothing of what the account holds.
        guard.require(call.caller(), call.scope().region(), "bedrock:RenderPrompt", versionArn,
                ResourceKeys.resourceTags(tags.tagsOf(versionArn)));
        Prompt version = prompts.resolveVersion(call.scope(), ref.id(), ref.version())
                .orElseThrow(() -> PromptIdentifier.notFound(versionArn));
        ObjectNode rendered = PromptRendering.render(version, call.input().members());
        validator.validate(call.operation().input(), rendered);
        return new Resolved(new OperationCall(call.operation(), call.scope(), call.requestId(),
                new OperationInput(rendered, call.input().payload()), call.request(), call.startNanos(), call.caller()),
                versionArn);
    }
}
