package dev.outcrop.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.ValidationException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The rules of a {@code PromptVariantList} that its Smithy shapes cannot say: the template configuration is of
 * the variant's {@code templateType}, input variables are named once, the model is one callable here, the
 * default variant exists. Lengths, patterns and enums were checked at the wire.
 */
final class PromptVariants {
    /**
     * Whether a {@code modelId} names a model, an inference profile or a prompt router that can be called in the
     * caller's region.
     */
    @FunctionalInterface
    public interface ModelCheck {
        /**
         * Checks a variant's model.
         *
         * @throws BedrockException when it names nothing callable here
         */
        void check(RequestScope scope, String modelId);
    }

    private PromptVariants() {}

    /** Checks {@code variants} and {@code defaultVariant} of a create or update request. */
    public static void check(RequestScope scope, JsonNode variants, String defaultVariant, ModelCheck models) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < variants.size(); i++) {
            JsonNode variant = variants.get(i);
            String at = "variants." + (i + 1);
            String name = variant.path("name").asText();
            if (!names.add(name)) {
                throw new ValidationException("The variant name '" + name + "' is used twice in 'variants'.");
            }
            String type = variant.path("templateType").asText();
            String member = type.toLowerCase(Locale.ROOT);
            JsonNode configuration = variant.path("templateConfiguration");
            if (!configuration.has(member)) {
                throw new ValidationException("The variant '" + name + "' has templateType " + type + ", so '" + at
                        + ".templateConfiguration' must have the member '" + member + "'.");
            }
            checkInputVariables(configuration.path(member).path("inputVariables"), at);
            if (variant.has("genAiResource")) {
                throw new ValidationException("'" + at + ".genAiResource' names an agent: Outcrop serves no Bedrock "
                        + "agents. Give the variant a modelId instead.");
            }
            if (variant.hasNonNull("modelId")) {
                String modelId = variant.path("modelId").asText();
                try {
                    models.check(scope, modelId);
                } catch (BedrockException e) {
                    throw new ValidationException("The modelId '" + modelId + "' at '" + at + ".modelId' names no "
                            + "foundation model, inference profile or prompt router that can be called in "
                            + scope.region() + ".");
                }
            }
        }
        if (defaultVariant != null && !names.contains(defaultVariant)) {
            throw new ValidationException("The defaultVariant '" + defaultVariant + "' is not the name of a variant "
                    + "in 'variants'.");
        }
    }

    private static void checkInputVariables(JsonNode inputVariables, String at) {
        Set<String> seen = new HashSet<>();
        for (JsonNode variable : inputVariables) {
            if (!variable.hasNonNull("name")) {
                throw new ValidationException("Each input variable at '" + at
                        + ".templateConfiguration' must have a name.");
            }
            if (!seen.add(variable.path("name").asText())) {
                throw new ValidationException("The input variable '" + variable.path("name").asText()
                        + "' is declared twice at '" + at + ".templateConfiguration'.");
            }
        }
    }
}
