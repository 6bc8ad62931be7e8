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

/**
 * A role's trust policy (its {@code AssumeRolePolicyDocument}): which principals may assume it. A resource-based
 * policy, decided as IAM decides a role's trust: a {@code Deny} that names the caller wins; an {@code Allow} naming
 * the caller's own ARN lets it assume the role by itself; one naming its account ({@code arn:aws:iam::ACCOUNT:root},
 * {@code ACCOUNT}, or {@code *}) only delegates to the account, whose identity-based policies must then allow
 * {@code sts:AssumeRole} too; a {@code Service} or {@code Federated} principal names no user or role.
 * Conditions are not evaluated, and fail closed: an {@code Allow} with a {@code Condition} allows nothing and a
 * {@code Deny} with one always applies.
 */
public final class TrustPolicy {
    private static final ObjectReader JSON = JsonMappers.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT = Set.of("Sid", "Effect", "Principal", "Action", "NotAction",
            "Condition");
    private static final Set<String> PRINCIPAL_KINDS = Set.of("AWS", "Service", "Federated", "CanonicalUser");
    /** The longest document IAM accepts as a trust policy (its quota, raised to the most it can be). */
    public static final int MAX_LENGTH = 4096;

    private final String document;
    private final List<Rule> rules;

    /** How far the trust policy lets a caller in. */
    public enum Trust {
        /** A statement denies it: nothing can let it in. */
        DENIED,
        /** Nothing names it. */
        NONE,
        /** Its account is trusted: its identity-based policies must allow {@code sts:AssumeRole} as well. */
        ACCOUNT,
        /** Its own ARN is trusted: enough by itself. */
        PRINCIPAL
    }

    private record Rule(boolean allow, List<String> actions, boolean notAction, List<String> aws,
                        List<String> services, boolean conditional) {}

    private TrustPolicy(String document, List<Rule> rules) {
        this.document = document;
        this.rules = List.copyOf(rules);
    }

    /** The trust policy that trusts {@code accountId}: what a role made without one is given. */
    public static String trustingAccount(String partition, String accountId) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:"
                + partition + ":iam::" + accountId + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    /** The document as given. */
    public String document() {
        return document;
    }

    /**
     * Parses a trust policy as IAM checks one.
     *
     * @throws MalformedPolicyException naming the element that is wrong
     */
    public static TrustPolicy parse(String document) {
        requireNonNull(document, "document");
        if (document.length() > MAX_LENGTH) {
            throw new MalformedPolicyException("The trust policy is longer than " + MAX_LENGTH + " characters.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            throw new MalformedPolicyException("The trust policy is not one valid JSON document.");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("The trust policy must be a JSON object.");
        }
        for (var field : root.properties()) {
            if (!TOP_LEVEL.contains(field.getKey())) {
                throw new MalformedPolicyException("Unknown policy element: " + field.getKey() + ".");
            }
        }
        String version = root.path("Version").asText("2008-10-17");
        if (!VERSIONS.contains(version)) {
            throw new MalformedPolicyException("The policy Version must be 2012-10-17 (or 2008-10-17), not '" + version + "'.");
        }
        JsonNode statementNode = root.path("Statement");
        List<JsonNode> nodes = new ArrayList<>();
        if (statementNode.isObject()) {
            nodes.add(statementNode);
        } else if (statementNode.isArray() && !statementNode.isEmpty()) {
            statementNode.forEach(nodes::add);
        } else {
            throw new MalformedPolicyException("The trust policy needs a Statement (an object or a non-empty list).");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            rules.add(rule(nodes.get(i), "Statement[" + i + "]"));
        }
        return new TrustPolicy(document, rules);
    }

    private static Rule rule(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new MalformedPolicyException(where + " must be an object.");
        }
        for (var field : node.properties()) {
            if (field.getKey().equals("NotPrincipal")) {
                throw new MalformedPolicyException(where + ": NotPrincipal is not supported in a trust policy.");
            }
            if (field.getKey().equals("Resource") || field.getKey().equals("NotResource")) {
                throw new MalformedPolicyException(where + ": a trust policy names no Resource (the role is the resource).");
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
        List<String> actions = strings(node.get(notAction ? "NotAction" : "Action"), where + ".Action");
        for (String action : actions) {
            if (!action.equals("*") && !action.matches("[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+")) {
                throw new MalformedPolicyException(where + ".Action: '" + action + "' is not of the form service:Action.");
            }
        }
        JsonNode principal = node.get("Principal");
        if (principal == null) {
            throw new MalformedPolicyException(where + " needs a Principal.");
        }
        List<String> aws = new ArrayList<>();
        List<String> services = new ArrayList<>();
        if (principal.isTextual()) {
            if (!principal.asText().equals("*")) {
                throw new MalformedPolicyException(where + ".Principal must be \"*\" or an object of principal kinds.");
            }
            aws.add("*");
        } else if (principal.isObject() && !principal.isEmpty()) {
            for (Map.Entry<String, JsonNode> kind : principal.properties()) {
                if (!PRINCIPAL_KINDS.contains(kind.getKey())) {
                    throw new MalformedPolicyException(where + ".Principal: unknown principal kind " + kind.getKey()
                            + " (AWS, Service, Federated or CanonicalUser).");
                }
                List<String> values = strings(kind.getValue(), where + ".Principal." + kind.getKey());
                if (kind.getKey().equals("AWS")) {
                    for (String value : values) {
                        if (!value.equals("*") && !value.matches("\\d{12}") && !value.startsWith("arn:")) {
                            throw new MalformedPolicyException(where + ".Principal.AWS: '" + value
                                    + "' is not an account id, an ARN or *.");
                        }
                    }
                    aws.addAll(values);
                } else if (kind.getKey().equals("Service")) {
                    services.addAll(values);
                }
            }
        } else {
            throw new MalformedPolicyException(where + ".Principal must be \"*\" or an object of principal kinds.");
        }
        JsonNode condition = node.get("Condition");
        if (condition != null && !condition.isObject()) {
            throw new MalformedPolicyException(where + ".Condition must be an object.");
        }
        return new Rule(effect.equals("Allow"), actions, notAction, aws, services,
                condition != null && !condition.isEmpty());
    }

    private static List<String> strings(JsonNode node, String where) {
        List<String> values = new ArrayList<>();
        if (node != null && node.isTextual()) {
            values.add(node.asText());
        } else if (node != null && node.isArray()) {
            for (JsonNode value : node) {
                if (!value.isTextual()) {
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

    /**
     * How far this policy trusts {@code callerArn} (of account {@code callerAccount}) for {@code action}
     * ({@code sts:AssumeRole}).
     */
    public Trust trust(String action, String callerArn, String callerAccount) {
        Trust best = Trust.NONE;
        for (Rule rule : rules) {
            boolean named = rule.actions().stream().anyMatch(a -> Wildcard.matches(a, action, true));
            if (named == rule.notAction()) {
                continue;
            }
            Trust level = Trust.NONE;
            for (String principal : rule.aws()) {
                Trust match = match(principal, callerArn, callerAccount);
                if (match.ordinal() > level.ordinal()) {
                    level = match;
                }
            }
            if (level == Trust.NONE) {
                continue;
            }
            if (!rule.allow()) {
                return Trust.DENIED; // a condition cannot narrow it: conditions are not evaluated, so it applies
            }
            if (!rule.conditional() && level.ordinal() > best.ordinal()) {
                best = level;
            }
        }
        return best;
    }

    /**
     * Whether this policy lets the AWS service {@code service} ({@code cloudformation.amazonaws.com}) perform
     * {@code action}: an unconditional {@code Allow} names it (or {@code "*"}) and no {@code Deny} does.
     */
    public boolean trustsService(String action, String service) {
        boolean allowed = false;
        for (Rule rule : rules) {
            boolean named = rule.actions().stream().anyMatch(a -> Wildcard.matches(a, action, true));
            if (named == rule.notAction()) {
                continue;
            }
            if (!rule.services().contains(service) && !rule.aws().contains("*")) {
                continue;
            }
            if (!rule.allow()) {
                return false;
            }
            allowed |= !rule.conditional();
        }
        return allowed;
    }

    private static Trust match(String principal, String callerArn, String callerAccount) {
        if (principal.equals("*")) {
            return Trust.ACCOUNT;
        }
        if (principal.equals(callerAccount)) {
            return Trust.ACCOUNT;
        }
        String[] parts = principal.split(":", 6);
        if (parts.length == 6 && parts[2].equals("iam") && parts[4].equals(callerAccount) && parts[5].equals("root")) {
            return Trust.ACCOUNT;
        }
        return principal.equals(callerArn) ? Trust.PRINCIPAL : Trust.NONE;
    }
}
