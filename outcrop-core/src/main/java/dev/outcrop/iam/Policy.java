package dev.outcrop.iam;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.outcrop.util.JsonMappers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An identity-based IAM policy document, parsed and checked as IAM checks it. */
public final class Policy {
    /** Strict as IAM is: a repeated key (two {@code Effect}s, two {@code Statement}s) or trailing data is malformed. */
    private static final ObjectReader JSON = JsonMappers.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT = Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource",
            "Condition");

    private final String name;
    private final String document;
    private final boolean variables;
    private final List<Statement> statements;

    private Policy(String name, String document, boolean variables, List<Statement> statements) {
        this.name = name;
        this.document = document;
        this.variables = variables;
        this.statements = List.copyOf(statements);
    }

    /**
     * Parses a policy document as IAM checks it when it is put, condition values included.
     *
     * @throws MalformedPolicyException naming the element that is wrong
     */
    public static Policy parse(String name, String document) {
        return parse(name, document, true);
    }

    /**
     * Parses a document that was accepted when it was stored. Its condition values are not checked again: a
     * document stored before they were checked at all still loads, and a value of the wrong type in it
     * matches nothing, so its principal is not locked out by an error on every request.
     *
     * @throws MalformedPolicyException naming the element that is wrong
     */
    public static Policy parseStored(String name, String document) {
        return parse(name, document, false);
    }

    private static final String DENY_EVERYTHING =
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}}";

    /**
     * A policy named {@code name} that denies every action on every resource: what a stored document stands for
     * once it no longer parses (a rule of IAM's that an earlier version did not check). Skipping it instead could
     * drop a {@code Deny}; failing every request with an error would lock its principal out with 500s.
     */
    public static Policy denyingEverything(String name) {
        return parse(name, DENY_EVERYTHING, true);
    }

    private static Policy parse(String name, String document, boolean checkValues) {
        requireNonNull(name, "name");
        JsonNode root;
        try {
            root = JSON.readTree(requireNonNull(document, "document"));
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            throw new MalformedPolicyException("The policy is not one JSON document: " + e.getOriginalMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedPolicyException("The policy is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedPolicyException("The policy cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("The policy must be a JSON object.");
        }
        for (var field : root.properties()) {
            if (field.getKey().equals("Principal") || field.getKey().equals("NotPrincipal")) {
                throw new MalformedPolicyException("Policy document should not specify a principal.");
            }
            if (!TOP_LEVEL.contains(field.getKey())) {
                throw new MalformedPolicyException("Unknown policy element: " + field.getKey() + ".");
            }
        }
        String version = root.path("Version").asText("2008-10-17");
        if (!VERSIONS.contains(version)) {
            throw new MalformedPolicyException("The policy Version must be 2012-10-17 (or 2008-10-17), not '" + version + "'.");
        }
        JsonNode statementNode = root.path("Statement");
        List<JsonNode> statementNodes = new ArrayList<>();
        if (statementNode.isObject()) {
            statementNodes.add(statementNode);
        } else if (statementNode.isArray() && !statementNode.isEmpty()) {
            statementNode.forEach(statementNodes::add);
        } else {
            throw new MalformedPolicyException("The policy needs a Statement (an object or a non-empty list).");
        }
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < statementNodes.size(); i++) {
            statements.add(statement(statementNodes.get(i), i, version.equals("2012-10-17"), checkValues));
        }
        return new Policy(name, document, version.equals("2012-10-17"), statements);
    }

    private static Statement statement(JsonNode node, int index, boolean variables, boolean checkValues) {
        String where = "Statement[" + index + "]";
        if (!node.isObject()) {
            throw new MalformedPolicyException(where + " must be an object.");
        }
        for (var field : node.properties()) {
            if (field.getKey().equals("Principal") || field.getKey().equals("NotPrincipal")) {
                throw new MalformedPolicyException("Policy document should not specify a principal.");
            }
            if (!STATEMENT.contains(field.getKey())) {
                throw new MalformedPolicyException(where + ": unknown element " + field.getKey() + ".");
            }
        }
        String effect = node.path("Effect").asText("");
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new MalformedPolicyException(where + ".Effect must be Allow or Deny.");
        }
        boolean notAction = node.has("NotAction");
        if (notAction == node.has("Action")) {
            throw new MalformedPolicyException(where + " needs exactly one of Action or NotAction.");
        }
        boolean notResource = node.has("NotResource");
        if (notResource == node.has("Resource")) {
            throw new MalformedPolicyException(where + " needs exactly one of Resource or NotResource.");
        }
        List<String> actions = strings(node.path(notAction ? "NotAction" : "Action"), where + ".Action");
        for (String action : actions) {
            if (!action.equals("*") && !action.matches("[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+")) {
                throw new MalformedPolicyException(where + ".Action: '" + action + "' is not of the form service:Action.");
            }
        }
        List<String> resources = strings(node.path(notResource ? "NotResource" : "Resource"), where + ".Resource");
        for (String resource : resources) {
            if (!resource.equals("*") && !resource.startsWith("arn:")) {
                throw new MalformedPolicyException(where + ".Resource: '" + resource + "' must be * or an ARN.");
            }
            if (checkValues && wildcardService(resource)) {
                throw new MalformedPolicyException(where + ".Resource: '" + resource + "' has a wildcard in its service "
                        + "part; IAM does not allow one there.");
            }
        }
        List<Condition> conditions = new ArrayList<>();
        JsonNode conditionNode = node.path("Condition");
        if (!conditionNode.isMissingNode()) {
            if (!conditionNode.isObject()) {
                throw new MalformedPolicyException(where + ".Condition must be an object.");
            }
            for (Map.Entry<String, JsonNode> operator : conditionNode.properties()) {
                if (!operator.getValue().isObject()) {
                    throw new MalformedPolicyException(where + ".Condition." + operator.getKey() + " must be an object.");
                }
                for (Map.Entry<String, JsonNode> key : operator.getValue().properties()) {
                    conditions.add(Condition.of(where + ".Condition", operator.getKey(), key.getKey(),
                            strings(key.getValue(), where + ".Condition." + operator.getKey() + "." + key.getKey()),
                            variables, checkValues));
                }
            }
        }
        return new Statement(node.path("Sid").asText(null), effect.equals("Allow"), actions, notAction, resources,
                notResource, conditions);
    }

    /** Whether the ARN pattern's service part (its third) holds a {@code *} or {@code ?}. */
    private static boolean wildcardService(String resource) {
        String[] parts = resource.split(":", 4);
        return parts.length >= 3 && (parts[2].indexOf('*') >= 0 || parts[2].indexOf('?') >= 0);
    }

    private static List<String> strings(JsonNode node, String where) {
        List<String> values = new ArrayList<>();
        if (node.isValueNode() && !node.isNull()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode value : node) {
                if (!value.isValueNode() || value.isNull()) {
                    throw new MalformedPolicyException(where + " must hold strings.");
                }
                values.add(value.asText());
            }
        }
        if (values.isEmpty()) {
            throw new MalformedPolicyException(where + " must not be empty.");
        }
        return values;
    }

    /** The policy's name. */
    public String name() {
        return name;
    }

    /** The document as written. */
    public String document() {
        return document;
    }

    List<Statement> statements() {
        return statements;
    }

    boolean variablesEnabled() {
        return variables;
    }
}
