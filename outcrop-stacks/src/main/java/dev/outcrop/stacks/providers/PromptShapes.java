package dev.outcrop.stacks.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.stacks.ResourceContext;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code Variants} of {@code AWS::Bedrock::Prompt} in both spellings: CloudFormation's members are Bedrock's
 * with the first letter capitalized ({@code TemplateConfiguration.Text.InputVariables} is
 * {@code templateConfiguration.text.inputVariables}), except inside free documents, copied as they are.
 */
final class PromptShapes {
    /** Members whose values are documents of the caller's, not shapes. */
    private static final Set<String> DOCUMENTS = Set.of("AdditionalModelRequestFields", "Json");

    /** Numeric members, which a template may give as text (a parameter's value, {@code Fn::Sub}). */
    private static final Set<String> NUMBERS = Set.of("MaxTokens", "Temperature", "TopP");

    private PromptShapes() {}

    /** CloudFormation's variants as the bedrock-agent API spells them; S3 templates are refused (no S3 here). */
    static ArrayNode toApi(ResourceContext context, JsonNode variants) {
        if (variants == null || variants.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!variants.isArray()) {
            throw Properties.invalid(context, "Variants", "must be a list of prompt variants");
        }
        return (ArrayNode) convert(context, variants, "Variants", true);
    }

    /** The bedrock-agent API's variants as CloudFormation spells them (what {@code Fn::GetAtt Variants} gives). */
    static JsonNode toCloudFormation(JsonNode variants) {
        return convert(null, variants, "", false);
    }

    private static JsonNode convert(ResourceContext context, JsonNode node, String path, boolean toApi) {
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                copy.add(convert(context, node.get(i), path + "." + (i + 1), toApi));
            }
            return copy;
        }
        if (node.isNumber()) {
            // Templates read every number as a decimal; the API's integers must read as integers.
            BigDecimal number = node.decimalValue();
            return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0
                    ? JsonNodeFactory.instance.numberNode(number.toBigIntegerExact())
                    : JsonNodeFactory.instance.numberNode(number);
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        node.properties().forEach(member -> {
            String name = member.getKey();
            if (toApi && name.equals("TextS3Location")) {
                throw Properties.invalid(context, path + "." + name,
                        "names a template in S3, which Outcrop does not read: give the template in Text");
            }
            String renamed = name.isEmpty() ? name : toApi
                    ? name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1)
                    : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
            String documentName = toApi ? name : renamed;
            JsonNode value = member.getValue();
            if (toApi && NUMBERS.contains(name) && value.isTextual()) {
                try {
                    value = JsonNodeFactory.instance.numberNode(new BigDecimal(value.asText()));
                } catch (NumberFormatException e) {
                    throw Properties.invalid(context, path + "." + name, "must be a number, not '" + value.asText()
                            + "'");
                }
            }
            copy.set(renamed, DOCUMENTS.contains(documentName) ? value.deepCopy()
                    : convert(context, value, path + "." + name, toApi));
        });
        return copy;
    }
}
