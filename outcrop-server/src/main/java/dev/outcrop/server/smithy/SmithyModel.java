package dev.outcrop.server.smithy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Smithy JSON AST models of Bedrock's services (control plane, runtime, and the bedrock-agent service of
 * Prompt management), compiled once at start-up into the shapes and operations that routing, binding and
 * validation use. The models are the unmodified AWS files: every constraint Outcrop enforces on input comes from
 * them, but for the few patterns listed in {@link #CORRECTED_PATTERNS}.
 */
public final class SmithyModel {
    private static final Logger log = LoggerFactory.getLogger(SmithyModel.class);
    private static final String PRELUDE = "smithy.api#";
    /**
     * Patterns of the AWS models that are narrower than the service: {@code PromptRouterArn} describes only
     * {@code default-prompt-router/...}, yet Bedrock's own custom routers ({@code prompt-router/{id}}) are read
     * and deleted through it (the SDKs do not check patterns, so they send them). Each entry widens one shape.
     */
    private static final Map<String, String> ERRATA = Map.of("com.amazonaws.bedrock#PromptRouterArn",
            "^arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:(default-prompt-router|prompt-router)/[a-zA-Z0-9-:.]+$");

    private final Map<String, Shape> shapes = new HashMap<>();
    private final Map<String, Shape> preludeShapes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    /** The {@code @httpError} status of each error shape, by shape id. */
    private final Map<String, Integer> errorStatuses = new HashMap<>();

    /**
     * The prefix of the names of the bedrock-agent service's operations: its {@code TagResource},
     * {@code UntagResource} and {@code ListTagsForResource} share their names with the control plane's.
     */
    public static final String AGENT = "bedrock-agent:";

    /**
     * Patterns of the models that no value AWS accepts could match, by shape id, with what AWS evidently means:
     * bedrock-agent's taggable ARNs write the account as {@code /d{12}} (a slash and twelve d's) for {@code \d{12}}.
     */
    private static final Map<String, Map<String, String>> CORRECTED_PATTERNS = Map.of(
            "com.amazonaws.bedrockagent#TaggableResourcesArn", Map.of("/d", "\\d"));

    private SmithyModel() {}

    /** Loads the bundled control-plane, runtime and bedrock-agent models. */
    public static SmithyModel bedrock() {
        SmithyModel model = new SmithyModel();
        model.add("bedrock-2023-04-20.json", "");
        model.add("bedrock-runtime-2023-09-30.json", "");
        model.add("bedrock-agent-2023-06-05.json", AGENT);
        return model;
    }

    private String operationPrefix = "";

    private void add(String resource, String prefix) {
        operationPrefix = prefix;
        JsonNode root;
        try (InputStream in = SmithyModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Smithy model missing: " + resource);
            }
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Smithy model " + resource, e);
        }
        for (var entry : root.path("shapes").properties()) {
            // Ids and member targets are interned: validation looks a target up for every value it checks, and
            // the same instance as the key makes each look-up's comparison an identity check.
            compile(entry.getKey().intern(), entry.getValue());
        }
    }

    /** The shape with this id (prelude shapes such as {@code smithy.api#String} included). */
    public Shape shape(String id) {
        Shape shape = shapes.get(id);
        if (shape != null) {
            return shape;
        }
        if (id.startsWith(PRELUDE)) {
            return preludeShapes.computeIfAbsent(id, SmithyModel::prelude); // made once: scalars are validated on every call
        }
        throw new IllegalArgumentException("unknown shape: " + id);
    }

    /** The operation with this name, from any service (bedrock-agent's prefixed with {@link #AGENT}). */
    public Optional<Operation> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    /**
     * The status {@code operation}'s service binds the error named {@code errorType} to, when its model defines
     * that error: the services disagree ({@code ConflictException} is 400 on the control plane, 409 on
     * bedrock-agent).
     */
    public Optional<Integer> errorStatus(Operation operation, String errorType) {
        String input = operation.input();
        int hash = input.indexOf('#');
        return hash < 0 ? Optional.empty()
                : Optional.ofNullable(errorStatuses.get(input.substring(0, hash + 1) + errorType));
    }

    /** Every operation with an HTTP binding. */
    public List<Operation> operations() {
        return List.copyOf(operations.values());
    }

    private void compile(String id, JsonNode node) {
        String type = node.path("type").asText();
        JsonNode traits = corrected(id, node.path("traits"));
        if (traits.has("smithy.api#httpError")) {
            errorStatuses.put(id, traits.path("smithy.api#httpError").asInt());
        }
        Constraints constraints = constraints(traits, node);
        switch (type) {
            case "structure", "union" -> shapes.put(id, new Shape.Aggregate(id, type.equals("union"),
                    members(node.path("members")), constraints));
            case "list", "set" -> shapes.put(id, new Shape.ListShape(id, member("member", node.path("member")),
                    constraints));
            case "map" -> shapes.put(id, new Shape.MapShape(id, member("key", node.path("key")),
                    member("value", node.path("value")), constraints));
            case "string", "enum" -> shapes.put(id, new Shape.Simple(id, Shape.Kind.STRING, constraints));
            case "boolean" -> shapes.put(id, new Shape.Simple(id, Shape.Kind.BOOLEAN, constraints));
            case "byte", "short", "integer", "long", "bigInteger", "intEnum" ->
                    shapes.put(id, new Shape.Simple(id, Shape.Kind.INTEGER, NumberType.ofSmithy(type), constraints));
            case "float", "double", "bigDecimal" ->
                    shapes.put(id, new Shape.Simple(id, Shape.Kind.FLOAT, NumberType.ofSmithy(type), constraints));
            case "blob" -> shapes.put(id, new Shape.Simple(id, Shape.Kind.BLOB, constraints));
            case "timestamp" -> shapes.put(id, new Shape.Simple(id, Shape.Kind.TIMESTAMP, constraints));
            case "document" -> shapes.put(id, new Shape.Simple(id, Shape.Kind.DOCUMENT, constraints));
            case "operation" -> compileOperation(id, node);
            default -> { } // service, resource: nothing to bind or validate
        }
    }

    private static JsonNode corrected(String id, JsonNode traits) {
        if (ERRATA.containsKey(id)) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = traits.deepCopy();
            copy.put("smithy.api#pattern", ERRATA.get(id));
            return copy;
        }
        Map<String, String> fixes = CORRECTED_PATTERNS.get(id);
        if (fixes == null) {
            return traits;
        }
        String pattern = traits.path("smithy.api#pattern").asText();
        for (var fix : fixes.entrySet()) {
            pattern = pattern.replace(fix.getKey(), fix.getValue());
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = traits.deepCopy();
        copy.put("smithy.api#pattern", pattern);
        return copy;
    }

    private void compileOperation(String id, JsonNode node) {
        JsonNode http = node.path("traits").path("smithy.api#http");
        if (http.isMissingNode()) {
            return;
        }
        String name = operationPrefix + id.substring(id.indexOf('#') + 1);
        String uri = http.path("uri").asText();
        List<String> segments = Arrays.stream(uri.split("/")).filter(s -> !s.isEmpty()).toList();
        operations.put(name, new Operation(name, http.path("method").asText(), uri, http.path("code").asInt(200),
                node.path("input").path("target").asText(PRELUDE + "Unit"),
                node.path("output").path("target").asText(PRELUDE + "Unit"), segments));
    }

    private Map<String, Member> members(JsonNode members) {
        Map<String, Member> result = new LinkedHashMap<>();
        for (var entry : members.properties()) {
            result.put(entry.getKey(), member(entry.getKey(), entry.getValue()));
        }
        return result;
    }

    private Member member(String name, JsonNode node) {
        JsonNode traits = node.path("traits");
        Member.Binding binding = Member.Binding.BODY;
        String bindingName = null;
        if (traits.has("smithy.api#httpLabel")) {
            binding = Member.Binding.LABEL;
        } else if (traits.has("smithy.api#httpQuery")) {
            binding = Member.Binding.QUERY;
            bindingName = traits.path("smithy.api#httpQuery").asText();
        } else if (traits.has("smithy.api#httpHeader")) {
            binding = Member.Binding.HEADER;
            bindingName = traits.path("smithy.api#httpHeader").asText();
        } else if (traits.has("smithy.api#httpPayload")) {
            binding = Member.Binding.PAYLOAD;
        }
        return new Member(name, node.path("target").asText().intern(), traits.has("smithy.api#required"),
                constraints(traits, null), binding, bindingName);
    }

    /**
     * Constraints from traits; {@code enumShape} is the enum shape node whose members list the values.
     * The member's constraints are merged over its target's when validated.
     */
    private Constraints constraints(JsonNode traits, JsonNode enumShape) {
        JsonNode length = traits.path("smithy.api#length");
        JsonNode range = traits.path("smithy.api#range");
        ValuePattern pattern = null;
        if (traits.has("smithy.api#pattern")) {
            String regex = traits.path("smithy.api#pattern").asText();
            try {
                pattern = ValuePattern.compile(regex);
            } catch (IllegalArgumentException e) {
                log.warn("Smithy pattern not usable in Java, not enforced: {}", regex);
            }
        }
        List<String> enumValues = null;
        if (enumShape != null && "enum".equals(enumShape.path("type").asText())) {
            enumValues = new ArrayList<>();
            for (var entry : enumShape.path("members").properties()) {
                enumValues.add(entry.getValue().path("traits").path("smithy.api#enumValue").asText(entry.getKey()));
            }
        } else if (traits.has("smithy.api#enum")) {
            enumValues = new ArrayList<>();
            for (JsonNode value : traits.path("smithy.api#enum")) {
                enumValues.add(value.path("value").asText());
            }
        }
        return new Constraints(
                length.has("min") ? length.path("min").asLong() : null,
                length.has("max") ? length.path("max").asLong() : null,
                pattern,
                range.has("min") ? new BigDecimal(range.path("min").asText()) : null,
                range.has("max") ? new BigDecimal(range.path("max").asText()) : null,
                enumValues == null ? null : List.copyOf(enumValues),
                traits.has("smithy.api#sensitive"));
    }

    private static Shape prelude(String id) {
        String name = id.substring(PRELUDE.length()).replace("Primitive", "");
        Shape.Kind kind = switch (name) {
            case "String" -> Shape.Kind.STRING;
            case "Boolean" -> Shape.Kind.BOOLEAN;
            case "Byte", "Short", "Integer", "Long", "BigInteger" -> Shape.Kind.INTEGER;
            case "Float", "Double", "BigDecimal" -> Shape.Kind.FLOAT;
            case "Blob" -> Shape.Kind.BLOB;
            case "Timestamp" -> Shape.Kind.TIMESTAMP;
            case "Document" -> Shape.Kind.DOCUMENT;
            case "Unit" -> Shape.Kind.UNIT;
            default -> throw new IllegalArgumentException("unknown prelude shape: " + id);
        };
        return new Shape.Simple(id, kind, NumberType.ofSmithy(name), Constraints.NONE);
    }
}
