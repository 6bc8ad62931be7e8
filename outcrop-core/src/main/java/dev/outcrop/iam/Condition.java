package dev.outcrop.iam;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One condition of a statement: an operator (with its {@code IfExists} suffix and {@code ForAnyValue:} /
 * {@code ForAllValues:} prefix), a context key and the policy's values.
 *
 * <p>Semantics, as IAM documents them: several values for one key match if any matches (for negated
 * operators: if none does); a key absent from the request makes a positive operator false, a negated one
 * true, an {@code IfExists} operator true, {@code ForAllValues} true and {@code ForAnyValue} false;
 * {@code Null} tests presence.
 */
record Condition(String operator, String base, boolean ifExists, SetOperator setOperator, String key,
                 List<String> values, boolean unreadable) {

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
        for (String value : values) {
            boolean resolvedLater = variables && value.contains("${") && takesVariables(base);
            if (checkValues && variables && value.contains("${") && !takesVariables(base)) {
                throw new MalformedPolicyException(where + "." + operator + "." + key + ": '" + value + "': policy "
                        + "variables cannot be used with the " + base + " operator.");
            }
            String expected = resolvedLater ? null : typeError(base, value);
            if (expected != null && checkValues) {
                throw new MalformedPolicyException(where + "." + operator + "." + key + ": '" + value + "' is not "
                        + expected + ".");
            }
            unreadable |= expected != null;
        }
        return new Condition(operator, base, ifExists, set, key, List.copyOf(values), unreadable);
    }

    /** Whether IAM resolves policy variables in the values of the operator family {@code base}. */
    private static boolean takesVariables(String base) {
        return base.startsWith("String") || base.startsWith("Arn") || base.equals("Bool");
    }

    /** What {@code value} should have been for the operator family {@code base}, or null when it is of its type. */
    private static String typeError(String base, String value) {
        if (base.startsWith("Numeric")) {
            return ConditionValues.number(value) == null ? "a number" : null;
        }
        if (base.startsWith("Date")) {
            return ConditionValues.date(value) == null
                    ? "a date (ISO 8601, such as 2026-12-31T00:00:00Z, or seconds since 1970)" : null;
        }
        return switch (base) {
            case "Bool", "Null" -> ConditionValues.bool(value) == null ? "true or false" : null;
            case "BinaryEquals", "BinaryNotEquals" -> ConditionValues.binary(value) == null ? "base64" : null;
            case "IpAddress", "NotIpAddress" -> ConditionValues.network(value) == null
                    ? "an IP address or CIDR block (such as 203.0.113.0/24 or 2001:db8::/32)" : null;
            default -> null;
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
        List<PatternText> policyValues = new java.util.ArrayList<>(values.size());
        for (String value : values) {
            PatternText resolved = takesVariables(base) ? variables.resolve(value) : PatternText.of(value);
            if (resolved == null || typeError(base, resolved.text()) != null) {
                return false;
            }
            policyValues.add(resolved);
        }
        List<String> present = context.values(key);
        boolean absent = present == null || present.isEmpty();
        if (base.equals("Null")) {
            return values.stream().anyMatch(v -> Boolean.valueOf(absent).equals(ConditionValues.bool(v)));
        }
        if (absent) {
            if (ifExists || setOperator == SetOperator.FOR_ALL_VALUES) {
                return true;
            }
            return setOperator == SetOperator.NONE && negated();
        }
        boolean negated = negated();
        java.util.function.Predicate<String> satisfies = v -> readable(v) && matchesAny(policyValues, v) != negated;
        return switch (setOperator) {
            case NONE -> negated ? present.stream().allMatch(satisfies) : present.stream().anyMatch(satisfies);
            case FOR_ANY_VALUE -> present.stream().anyMatch(satisfies);
            case FOR_ALL_VALUES -> present.stream().allMatch(satisfies);
        };
    }

    /** Whether a request value can be read as the operator's type at all. */
    private boolean readable(String contextValue) {
        return typeError(base, contextValue) == null;
    }

    /** Whether the context value matches one of the policy values under the positive form of the operator. */
    private boolean matchesAny(List<PatternText> policyValues, String contextValue) {
        for (PatternText policyValue : policyValues) {
            if (matchOne(policyValue, contextValue)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code context} matches one policy value; a resolved variable's characters are never wildcards. */
    private boolean matchOne(PatternText pattern, String context) {
        String policy = pattern.text();
        return switch (base) {
            case "StringEquals", "StringNotEquals" -> policy.equals(context);
            case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" -> policy.equalsIgnoreCase(context);
            case "StringLike", "StringNotLike" -> Wildcard.matches(pattern, context, false);
            // IAM: ArnEquals and ArnLike (and their negations) behave identically, part by part, with wildcards
            case "ArnEquals", "ArnNotEquals", "ArnLike", "ArnNotLike" -> Wildcard.arnConditionMatches(pattern, context);
            case "Bool" -> policy.toLowerCase(Locale.ROOT).equals(context.toLowerCase(Locale.ROOT));
            case "BinaryEquals", "BinaryNotEquals" -> binaryEquals(policy, context);
            case "IpAddress", "NotIpAddress" -> inCidr(context, policy);
            default -> base.startsWith("Numeric") ? compareNumbers(context, policy) : compareDates(context, policy);
        };
    }

    /** For Numeric and Date operators: whether {@code context <op> policy} given {@code context.compareTo(policy)}. */
    private boolean compare(int order) {
        String relation = base.replace("Numeric", "").replace("Date", "");
        return switch (relation) {
            case "Equals", "NotEquals" -> order == 0;
            case "LessThan" -> order < 0;
            case "LessThanEquals" -> order <= 0;
            case "GreaterThan" -> order > 0;
            case "GreaterThanEquals" -> order >= 0;
            default -> false;
        };
    }

    private boolean compareNumbers(String context, String policy) {
        BigDecimal c = ConditionValues.number(context);
        BigDecimal p = ConditionValues.number(policy);
        return c != null && p != null && compare(c.compareTo(p));
    }

    private boolean compareDates(String context, String policy) {
        Instant c = ConditionValues.date(context);
        Instant p = ConditionValues.date(policy);
        return c != null && p != null && compare(c.compareTo(p));
    }

    private static boolean binaryEquals(String policy, String context) {
        byte[] p = ConditionValues.binary(policy);
        byte[] c = ConditionValues.binary(context);
        return p != null && c != null && java.util.Arrays.equals(p, c);
    }

    /** Whether {@code address} lies in {@code cidr} (IPv4 or IPv6 literals; a bare address is a /32 or /128). */
    static boolean inCidr(String address, String cidr) {
        ConditionValues.Network network = ConditionValues.network(cidr);
        byte[] ip = ConditionValues.address(address);
        return network != null && ip != null && network.contains(ip);
    }
}
