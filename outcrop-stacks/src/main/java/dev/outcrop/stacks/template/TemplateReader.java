package dev.outcrop.stacks.template;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.outcrop.error.ValidationException;
import dev.outcrop.util.JsonMappers;
import dev.outcrop.util.Utf8;
import java.io.IOException;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a template body, JSON or YAML, into one JSON tree. YAML's short-form tags ({@code !Ref X},
 * {@code !GetAtt A.B}, {@code !Sub ...}) become the long forms ({@code {"Ref": "X"}}, {@code {"Fn::GetAtt":
 * ["A", "B"]}}), so that the rest of the engine knows only one form.
 */
public final class TemplateReader {
    private static final Set<String> FUNCTION_TAGS = Set.of("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue",
            "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Contains",
            "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll", "Length", "ToJsonString");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLFactory YAML = YAMLFactory.builder().loaderOptions(loaderOptions()).build();

    private TemplateReader() {}

    /**
     * SnakeYAML's own bounds, below ours: no alias may expand a collection (a billion laughs), nesting stops at
     * the template's depth before SnakeYAML's recursion can, and no document is longer than a template file.
     */
    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(Math.max(1, Limits.MAX_YAML_ALIASES));
        options.setNestingDepthLimit(Limits.MAX_DEPTH + 1);
        options.setCodePointLimit(Limits.MAX_TEMPLATE_FILE_BYTES);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    /**
     * The template as a JSON tree.
     *
     * @throws ValidationException when the body is neither JSON nor YAML, uses an unknown tag, or is not a map
     */
    public static ObjectNode read(String body) {
        if (body == null || body.isBlank()) {
            throw new ValidationException("Template format error: the template body is empty.");
        }
        if (body.length() > Limits.MAX_TEMPLATE_FILE_BYTES || Utf8.length(body) > Limits.MAX_TEMPLATE_FILE_BYTES) {
            throw new ValidationException("Template format error: the template body is longer than "
                    + Limits.MAX_TEMPLATE_FILE_BYTES + " bytes.");
        }
        JsonNode tree = body.stripLeading().startsWith("{") ? readJson(body) : readYaml(body);
        if (!(tree instanceof ObjectNode object)) {
            throw new ValidationException("Template format error: a template is a JSON or YAML map.");
        }
        return object;
    }

    private static JsonNode readJson(String body) {
        try (JsonParser parser = JsonMappers.factory().createParser(body)) {
            // The reader finds a key given twice itself, with the same words for JSON and YAML.
            parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            return whole(parser, readValue(parser, parser.nextToken(), 0));
        } catch (IOException e) {
            throw formatError("JSON not well-formed", e);
        }
    }

    private static JsonNode readYaml(String body) {
        try (JsonParser parser = YAML.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ValidationException("Template format error: the template body is empty.");
            }
            parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            return whole(parser, readValue(parser, first, 0));
        } catch (IOException e) {
            throw formatError("YAML not well-formed", e);
        } catch (YAMLException e) { // SnakeYAML's own bounds (nesting, length), not always wrapped by Jackson
            throw new ValidationException("Template format error: YAML not well-formed: " + e.getMessage(), e);
        }
    }

    /** The root value, once nothing follows it: a second YAML document or JSON value would be silently lost. */
    private static JsonNode whole(JsonParser parser, JsonNode root) throws IOException {
        if (parser.nextToken() != null) {
            throw new ValidationException("Template format error: a template is one JSON or YAML document, and more "
                    + "follows it" + at(parser) + ".");
        }
        return root;
    }

    private static ValidationException formatError(String what, IOException e) {
        String detail = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        String where = e instanceof JsonProcessingException p && p.getLocation() != null
                ? " (line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr() + ")" : "";
        return new ValidationException("Template format error: " + what + where + ": " + detail, e);
    }

    private static JsonNode readValue(JsonParser parser, JsonToken token, int depth) throws IOException {
        if (depth > Limits.MAX_DEPTH) {
            throw new ValidationException("Template format error: the template nests deeper than " + Limits.MAX_DEPTH
                    + " levels.");
        }
        if (parser instanceof YAMLParser yaml && (yaml.isCurrentAlias() || yaml.getCurrentAnchor() != null)) {
            // CloudFormation's YAML has no use for them, and an alias repeats a subtree without its text.
            throw new ValidationException("Template format error: YAML anchors and aliases (&"
                    + (yaml.isCurrentAlias() ? yaml.getText() : yaml.getCurrentAnchor())
                    + ") are not supported" + at(parser) + ".");
        }
        Object typeId = parser.canReadTypeId() ? parser.getTypeId() : null;
        String tag = typeId == null ? null : typeId.toString();
        JsonNode value = switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    if (object.has(name)) {
                        throw new ValidationException("Template format error: the key '" + Limits.shown(name)
                                + "' appears twice in one map" + at(parser) + ".");
                    }
                    object.set(name, readValue(parser, parser.nextToken(), depth + 1));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    array.add(readValue(parser, next, depth + 1));
                }
                yield array;
            }
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NODES.numberNode(number(parser, token));
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new ValidationException("Template format error: unexpected " + token + ".");
        };
        return tag == null || isStandardTag(tag) ? value : longForm(tag, value, parser);
    }

    /**
     * A number of the template, bounded as a parameter's: YAML's {@code .inf} and {@code .nan} are no numbers, and
     * an exponent like {@code 1e999999999} would make any later arithmetic or plain rendering of it endless. A YAML
     * integer in another base ({@code 0x10}) is short and exact.
     */
    private static java.math.BigDecimal number(JsonParser parser, JsonToken token) throws IOException {
        String text = parser.getText();
        java.math.BigDecimal value = ParameterNumber.parse(text);
        if (value != null) {
            return value;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && text.length() <= ParameterNumber.MAX_CHARS) {
            return parser.getDecimalValue();
        }
        throw new ValidationException("Template format error: '" + Limits.shown(text) + "'" + at(parser)
                + " is not a number CloudFormation reads (finite, at most " + ParameterNumber.MAX_CHARS
                + " characters, an exponent within " + ParameterNumber.MAX_EXPONENT + ").");
    }

    private static boolean isStandardTag(String tag) {
        return tag.startsWith("tag:yaml.org,2002:");
    }

    /** The long form of a short-form function: {@code !Ref X} is {@code {"Ref": "X"}}. */
    private static JsonNode longForm(String tag, JsonNode value, JsonParser parser) {
        String name = tag.startsWith("!") ? tag.substring(1) : tag;
        ObjectNode function = NODES.objectNode();
        switch (name) {
            case "Ref", "Condition" -> {
                if (!value.isTextual()) {
                    throw new ValidationException("Template format error: !" + name + " needs a name, not "
                            + (value.isContainerNode() ? "a list or a map" : value.toString()) + at(parser) + ".");
                }
                function.set(name, value);
            }
            case "GetAtt" -> {
                if (value.isTextual()) {
                    // CloudFormation splits at the first dot: the attribute itself may contain dots.
                    int dot = value.asText().indexOf('.');
                    if (dot <= 0 || dot == value.asText().length() - 1) {
                        throw new ValidationException("Template error: !GetAtt needs LogicalId.AttributeName, not '"
                                + value.asText() + "'" + at(parser) + ".");
                    }
                    function.set("Fn::GetAtt", NODES.arrayNode().add(value.asText().substring(0, dot))
                            .add(value.asText().substring(dot + 1)));
                } else {
                    function.set("Fn::GetAtt", value);
                }
            }
            default -> {
                if (!FUNCTION_TAGS.contains(name)) {
                    throw new ValidationException("Template format error: unknown tag !" + name + at(parser)
                            + ". The short forms are !Ref, !Condition, !GetAtt and !" + String.join(", !",
                            FUNCTION_TAGS.stream().sorted().toList()) + ".");
                }
                function.set("Fn::" + name, value);
            }
        }
        return function;
    }

    private static String at(JsonParser parser) {
        var location = parser.currentLocation();
        return location == null ? "" : " (line " + location.getLineNr() + ")";
    }
}
