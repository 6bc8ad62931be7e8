package dev.outcrop.iam;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Set;

/**
 * One condition of a statement: an operator (with its {@code IfExists} suffix and {@code ForAnyValue:} /
 * {@code ForAllValues:} prefix), a context key and the policy's values.
 *
 * <p>Semantics, as IAM documents them: several values for one key match if any matches (for negated
 * operators: if none does); a key absent from the request makes a positive operator false, a negated one
 * true, an {@code IfExists} operator true, {@code ForAllValues} true and {@code ForAnyValue} false;
 * {@code Null} tests presence.
 *
 * <p>{@code typed} holds each policy value read once, when the policy is loaded, as its family's type
 * ({@link BigDecimal}, {@link Instant}, {@link Boolean}, {@code byte[]}, {@link ConditionValues.Network}),
 * or null where it is read at evaluation (String and Arn values, a {@code Bool} value with a variable);
 * {@code unreadable} says a value could not be read (a document stored before values were checked).
 */
record Condition(String operator, String base, boolean ifExists, SetOperator setOperator, String key,
                 List<String> values, List<Object> typed, boolean unreadable) {

    enum SetOperator { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }

    private static final Set<String> NEGATED = Set.of("StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike",
            "NumericNotEquals", "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike", "BinaryNotEquals");
    static final Set<String> OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals",
            "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
            "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool",
            "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null");

    /**
     * Parses an operator name such as {@code ForAnyValue:StringLikeIfExists} with its key and values, and
     * checks each value is of the operator's type, as IAM does when a policy is put: a policy whose
     * {@code DateGreaterThan} value is not a date is malformed, not a policy that fails every request.
     *
     * <p>IAM supports policy variables only in the String, Arn and Bool operators: in a Numeric, Date,
     * Binary or IpAddress operator a {@code ${...}} is refused, so the caller cannot choose the bound.
     *
     * @param where the element, such as {@code Statement[0].Condition}, for the message
     * @param variables whether the policy has variables (version 2012-10-17): a value with {@code ${...}}
     *        is then known only when a request is evaluated
     * @param checkValues whether to check the values (not for a document accepted when it was stored, where a
     *        value that cannot be read makes the condition false for the operator and its negation alike)
     * @throws MalformedPolicyException naming the operator, the key and the value at fault
     */
    static Condition of(String where, String operator, String key, List<String> values, boolean variables,
                        boolean checkValues) {
        SetOperator set = SetOperator.NONE;
        String rest = operator;
        if (rest.startsWith("ForAnyValue:")) {
            set = SetOperator.FOR_ANY_VALUE;
            rest = rest.substring("ForAnyValue:".length());
        } else if (rest.startsWith("ForAllValues:")) {
            set = SetOperator.FOR_ALL_VALUES;
            rest = rest.substring("ForAllValues:".length());
        }
        boolean ifExists = rest.endsWith("IfExists") && !rest.equals("Null");
        String base = ifExists ? rest.substring(0, rest.length() - "IfExists".length()) : rest;
        if (!OPERATORS.contains(base) || (ifExists && base.equals("Null"))) {
            throw new MalformedPolicyException("Unknown condition operator: " + operator + ".");
        }
        boolean unreadable = false;
        List<Object> typed = new ArrayList<>(values.size());
        for (String value : values) {
            boolean variable = variables && value.contains("${");
            if (checkValues && variable && !takesVariables(base)) {
                throw new MalformedPolicyException(where + "." + operator + "." + key + ": '" + value + "': policy "
                        + "variables cannot be used with the " + base + " operator.");
            }
            boolean readLater = isText(base) || (variable && takesVariables(base));
            Object read = readLater ? null : readPolicy(base, value);
            if (!readLater && read == null) {
                if (checkValues) {
                    throw new MalformedPolicyException(where + "." + operator + "." + key + ": '" + value + "' is not "
                            + expected(base) + ".");
                }
                unreadable = true;
            }
            typed.add(read);
        }
        return new Condition(operator, base, ifExists, set, key, List.copyOf(values),
                java.util.Collections.unmodifiableList(typed), unreadable);
    }

    /** Whether IAM resolves policy variables in the values of the operator family {@code base}. */
    private static boolean takesVariables(String base) {
        return isText(base) || base.equals("Bool");
    }

    /** Whether the family compares text (String, Arn) rather than a typed value. */
    private static boolean isText(String base) {
        return base.startsWith("String") || base.startsWith("Arn");
    }

    /** A policy value read as its family's type, or null when it cannot be; a text family's value is itself. */
    private static Object readPolicy(String base, String value) {
        if (base.startsWith("Numeric")) {
            return ConditionValues.number(value);
        }
        if (base.startsWith("Date")) {
            return ConditionValues.date(value);
        }
        return switch (base) {
            case "Bool", "Null" -> ConditionValues.bool(value);
            case "BinaryEquals", "BinaryNotEquals" -> ConditionValues.binary(value);
            case "IpAddress", "NotIpAddress" -> ConditionValues.network(value);
            default -> value;
        };
    }

    /** A request value read as the family's type (an address, never a network), or null when it cannot be. */
    private Object readRequest(String value) {
        return base.equals("IpAddress") || base.equals("NotIpAddress") ? ConditionValues.address(value)
                : readPolicy(base, value);
    }

    /** What a value of the family {@code base} must be, for the message of a malformed policy. */
    private static String expected(String base) {
        if (base.startsWith("Numeric")) {
            return "a number";
        }
        if (base.startsWith("Date")) {
            return "a date (ISO 8601, such as 2026-12-31T00:00:00Z, 2026-12-31 or 2026, or seconds since 1970)";
        }
        return switch (base) {
            case "Bool", "Null" -> "true or false";
            case "BinaryEquals", "BinaryNotEquals" -> "base64";
            default -> "an IP address or CIDR block (such as 203.0.113.0/24 or 2001:db8::/32)";
        };
    }

    boolean negated() {
        return NEGATED.contains(base);
    }

    /**
     * Whether the condition holds for {@code context}; policy variables in values resolved by {@code variables}.
     * A request value that cannot be read as the operator's type (a caller's tag in a {@code Date}
     * condition) satisfies neither the operator nor its negation, so it never makes a condition true; nor
     * does a policy value that cannot be read (in a stored document, or a variable that resolved to no
     * boolean), nor a variable that cannot be resolved (IAM then holds the statement invalid).
     */
    boolean holds(RequestContext context, PolicyVariables variables) {
        if (unreadable) {
            return false;
        }
        List<PatternText> patterns = new ArrayList<>(values.size());
        List<Object> policyValues = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            Object read = typed.get(i);
            PatternText pattern = null;
            if (read == null) {
                pattern = variables.resolve(values.get(i));
                read = pattern == null ? null : readPolicy(base, pattern.text());
                if (read == null) {
                    return false;
                }
            }
            patterns.add(pattern);
            policyValues.add(read);
        }
        List<String> present = context.values(key);
        boolean absent = present == null || present.isEmpty();
        if (base.equals("Null")) {
            return policyValues.contains(absent);
        }
        if (absent) {
            if (ifExists || setOperator == SetOperator.FOR_ALL_VALUES) {
                return true;
            }
            return setOperator == SetOperator.NONE && negated();
        }
        boolean negated = negated();
        java.util.function.Predicate<String> satisfies = v -> {
            Object request = readRequest(v);
            return request != null && matchesAny(patterns, policyValues, v, request) != negated;
        };
        return switch (setOperator) {
            case NONE -> negated ? present.stream().allMatch(satisfies) : present.stream().anyMatch(satisfies);
            case FOR_ANY_VALUE -> present.stream().anyMatch(satisfies);
            case FOR_ALL_VALUES -> present.stream().allMatch(satisfies);
        };
    }

    /** Whether the request value matches one of the policy values under the positive form of the operator. */
    private boolean matchesAny(List<PatternText> patterns, List<Object> policyValues, String text, Object request) {
        for (int i = 0; i < policyValues.size(); i++) {
            if (matchOne(patterns.get(i), policyValues.get(i), text, request)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the request value matches one policy value: text families on {@code pattern} (a resolved
     * variable's characters are never wildcards), the others on the values read as their type.
     */
    private boolean matchOne(PatternText pattern, Object policy, String text, Object request) {
        return switch (base) {
            case "StringEquals", "StringNotEquals" -> pattern.text().equals(text);
            case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" -> pattern.text().equalsIgnoreCase(text);
            case "StringLike", "StringNotLike" -> Wildcard.matches(pattern, text, false);
            // IAM: ArnEquals and ArnLike (and their negations) behave identically, part by part, with wildcards
            case "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike" -> Wildcard.arnConditionMatches(pattern, text);
            case "Bool" -> policy.equals(request);
            case "BinaryEquals", "BinaryNotEquals" -> Arrays.equals((byte[]) policy, (byte[]) request);
            case "IpAddress", "NotIpAddress" -> ((ConditionValues.Network) policy).contains((byte[]) request);
            default -> compare(order(request, policy));
        };
    }

    @SuppressWarnings("unchecked")
    private static int order(Object request, Object policy) {
        return ((Comparable<Object>) request).compareTo(policy);
    }

    /** For Numeric and Date operators: whether {@code request <op> policy} given their order. */
    private boolean compare(int order) {
        return switch (base) {
            case "NumericEquals", "NumericNotEquals", "DateEquals", "DateNotEquals" -> order == 0;
            case "NumericLessThan", "DateLessThan" -> order < 0;
            case "NumericLessThanEquals", "DateLessThanEquals" -> order <= 0;
            case "NumericGreaterThan", "DateGreaterThan" -> order > 0;
            case "NumericGreaterThanEquals", "DateGreaterThanEquals" -> order >= 0;
            default -> false;
        };
    }
}
