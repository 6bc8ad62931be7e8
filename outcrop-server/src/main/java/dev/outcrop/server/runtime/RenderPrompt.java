package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.arn.Arn;
import dev.outcrop.error.ValidationException;
import dev.outcrop.prompt.Prompt;
import dev.outcrop.prompt.PromptIdentifier;
import dev.outcrop.prompt.PromptRendering;
import dev.outcrop.prompt.PromptResolver;
import dev.outcrop.server.OperationCall;
import dev.outcrop.server.auth.AccessControl;
import dev.outcrop.server.auth.ResourceKeys;
import dev.outcrop.server.protocol.OperationInput;
import dev.outcrop.server.smithy.InputValidator;
import dev.outcrop.tag.TagService;
import dev.outcrop.usage.UsageAccounting;
import java.util.Set;

/**
 * The stage of a Converse or ConverseStream call whose {@code modelId} is a prompt version ARN: authorized
 * ({@code bedrock:RenderPrompt} on the version), rendered into the Converse request the prompt describes
 * ({@link PromptRendering}) and validated again against the runtime model (the prompt was validated against
 * bedrock-agent's). It runs first, so that every later stage sees a call of the variant's model: its
 * authorization, its profile's stored configuration, routing and accounting apply as to any other call; the usage
 * record names the version ({@link UsageAccounting.Call#PROMPT_ARN}).
 */
public final class RenderPrompt implements Stage {
    /** The operations that run prompts: Bedrock renders prompts in Converse and ConverseStream. */
    private static final Set<String> RENDERING = Set.of("Converse", "ConverseStream");

    private final PromptResolver prompts;
    private final AccessControl guard;
    private final TagService tags;
    private final InputValidator validator;

    /** Creates the stage over the runtime's lookup of prompt versions. */
    public RenderPrompt(PromptResolver prompts, AccessControl guard, TagService tags, InputValidator validator) {
        this.prompts = requireNonNull(prompts, "prompts");
        this.guard = requireNonNull(guard, "guard");
        this.tags = requireNonNull(tags, "tags");
        this.validator = requireNonNull(validator, "validator");
    }

    /** Whether {@code modelId} names a prompt (its draft or a version) rather than a model. */
    static boolean namesPrompt(String modelId) {
        return Arn.hasResourceType(modelId, Prompt.RESOURCE_TYPE);
    }

    /**
     * Rewrites a call through a prompt version into the call of its variant; leaves any other call alone.
     *
     * @throws ValidationException for a prompt's draft, a member the request may not give, a variable without value
     * @throws dev.outcrop.error.AccessDeniedException without {@code bedrock:RenderPrompt} on the version
     * @throws dev.outcrop.error.ResourceNotFoundException for a version that does not exist
     */
    @Override
    public void apply(RuntimeCall call) {
        OperationCall wire = call.wire();
        String modelId = wire.input().string("modelId");
        if (!RENDERING.contains(wire.operation().name()) || !namesPrompt(modelId)) {
            return;
        }
        PromptIdentifier ref = PromptIdentifier.parse(wire.scope(), modelId);
        if (ref.version() == null) {
            throw new ValidationException("The modelId " + modelId + " names a prompt's draft. Run a version of it: "
                    + "its ARN ends in :VERSION (CreatePromptVersion makes one).");
        }
        String versionArn = Arn.of(wire.scope().partition(), wire.scope().region(), wire.scope().accountId(),
                Prompt.RESOURCE_TYPE, ref.id()).toString() + ':' + ref.version();
        // Access before existence: a caller that may not render it learns nothing of what the account holds.
        guard.require(wire.caller(), wire.scope().region(), "bedrock:RenderPrompt", versionArn,
                ResourceKeys.resourceTags(tags.tagsOf(versionArn)));
        Prompt version = prompts.resolveVersion(wire.scope(), ref.id(), ref.version())
                .orElseThrow(() -> PromptIdentifier.notFound(versionArn));
        ObjectNode rendered = PromptRendering.render(version, wire.input().members());
        validator.validate(wire.operation().input(), rendered);
        call.wire(new OperationCall(wire.operation(), wire.scope(), wire.requestId(),
                new OperationInput(rendered, wire.input().payload()), wire.request(), wire.startNanos(), wire.caller()));
        call.attribute(UsageAccounting.Call.PROMPT_ARN, versionArn);
    }
}
