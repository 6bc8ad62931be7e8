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
import dev.outcrop.server.http.ServerLimits;
import dev.outcrop.server.protocol.OperationInput;
import dev.outcrop.server.smithy.InputValidator;
import dev.outcrop.server.smithy.Operation;
import dev.outcrop.server.smithy.SmithyModel;
import dev.outcrop.tag.TagService;
import dev.outcrop.usage.UsageAccounting;
import java.util.Map;

/**
 * The stage of a call whose {@code modelId} is a prompt version ARN: authorized ({@code bedrock:RenderPrompt} on
 * the version), rendered into the Converse request the prompt describes ({@link PromptRendering}) and validated
 * again against the runtime model (the prompt was validated against bedrock-agent's). Converse and ConverseStream
 * give the variables in {@code promptVariables}; InvokeModel and InvokeModelWithResponseStream, which Bedrock's user
 * guide lets name a prompt too, give them as the body {@code {"promptVariables": {...}}}
 * ({@link ModelOperation#promptMembers}) and become the Converse (ConverseStream) call the prompt stands for, its
 * operation the one that answers it in Converse's members ({@link ModelOperation#throughPrompt}). It
 * runs first, so that every later stage sees a call of the variant's model: its authorization, its profile's stored
 * configuration, routing and accounting apply as to any other call; the usage record names the version
 * ({@link UsageAccounting.Call#PROMPT_ARN}).
 */
public final class RenderPrompt implements Stage {
    /** The operations that run prompts, each with the Converse operation a call through a prompt becomes. */
    private static final Map<String, String> RENDERING = Map.of("Converse", "Converse", "ConverseStream",
            "ConverseStream", "InvokeModel", "Converse", "InvokeModelWithResponseStream", "ConverseStream");
    /** The one member of an InvokeModel body that names a prompt. */
    static final String PROMPT_VARIABLES = "promptVariables";

    private final PromptResolver prompts;
    private final AccessControl guard;
    private final TagService tags;
    private final InputValidator validator;
    private final SmithyModel model;

    /** Creates the stage over the runtime's lookup of prompt versions and the runtime's Smithy model. */
    public RenderPrompt(PromptResolver prompts, AccessControl guard, TagService tags, SmithyModel model) {
        this.prompts = requireNonNull(prompts, "prompts");
        this.guard = requireNonNull(guard, "guard");
        this.tags = requireNonNull(tags, "tags");
        this.model = requireNonNull(model, "model");
        this.validator = new InputValidator(model);
    }

    /** Whether {@code modelId} names a prompt (its draft or a version) rather than a model. */
    static boolean namesPrompt(String modelId) {
        return Arn.hasResourceType(modelId, Prompt.RESOURCE_TYPE);
    }

    /**
     * Rewrites a call through a prompt version into the call of its variant; leaves any other call alone.
     *
     * @throws ValidationException for a prompt's draft, a member the request may not give, a variable without value,
     *         a template that filled would be larger than a request body
     * @throws dev.outcrop.error.AccessDeniedException without {@code bedrock:RenderPrompt} on the version
     * @throws dev.outcrop.error.ResourceNotFoundException for a version that does not exist
     */
    @Override
    public void apply(RuntimeCall call) {
        OperationCall wire = call.wire();
        String modelId = wire.input().string("modelId");
        ModelOperation becomes = call.operation().throughPrompt();
        if (becomes == null || !namesPrompt(modelId)) {
            return;
        }
        String operation = wire.operation().name();
        Operation converse = RENDERING.get(operation).equals(operation) ? wire.operation()
                : model.operation(RENDERING.get(operation)).orElseThrow();
        ObjectNode request = call.operation().promptMembers(wire);
        if (converse != wire.operation()) {
            validator.validate(converse.input(), request); // the members InvokeModel's body and headers gave
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
        // A rendered prompt is no larger than a request the caller could have sent itself.
        ObjectNode rendered = PromptRendering.render(version, request, ServerLimits.MAX_BODY_BYTES);
        validator.validate(converse.input(), rendered);
        call.wire(new OperationCall(converse, wire.scope(), wire.requestId(),
                new OperationInput(rendered, wire.input().payload()), wire.request(), wire.startNanos(), wire.caller()),
                becomes);
        call.attribute(UsageAccounting.Call.PROMPT_ARN, versionArn);
    }
}
