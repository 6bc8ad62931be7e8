package dev.outcrop.iam;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
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
                 List<String> values) {

    enum SetOperator { NONE, FOR_ANY_VALUE, FOR_ALL_VALUES }

    private static final Set<String> NEGATED = Set.of("StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike",
            "NumericNotEquals", "DateNotEquals", "NotIpAddress", "ArnNotEquals", "ArnNotLike", "BinaryNotEquals");
    static final Set<String> OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals",
            "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
            "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool",
            "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null");

    /** Parses an operator name such as {@code ForAnyValue:StringLikeIfExists}. */
    static Condition of(String operator, String key, List<String> values) {
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
        return new Condition(operator, base, ifExists, set, key, List.copyOf(values));
    }

    boolean negated() {
        return NEGATED.contains(base);
    }

    /** Whether the condition holds for {@code context}; policy variables in values resolved by {@code variables}. */
    boolean holds(RequestContext context, PolicyVariables variables) {
        List<String> present = context.values(key);
        boolean absent = present == null || present.isEmpty();
        if (base.equals("Null")) {
            return values.stream().anyMatch(v -> Boolean.parseBoolean(v) == absent);
        }
        if (absent) {
            if (ifExists || setOperator == SetOperator.FOR_ALL_VALUES) {
                return true;
            }
            return setOperator == SetOperator.NONE && negated();
        }
        List<String> policyValues = values.stream().map(variables::resolve).filter(java.util.Objects::nonNull).toList();
        return switch (setOperator) {
            case NONE -> negated()
                    ? present.stream().noneMatch(v -> matchesAny(policyValues, v))
                    : present.stream().anyMatch(v -> matchesAny(policyValues, v));
            case FOR_ANY_VALUE -> negated()
                    ? present.stream().anyMatch(v -> !matchesAny(policyValues, v))
                    : present.stream().anyMatch(v -> matchesAny(policyValues, v));
            case FOR_ALL_VALUES -> negated()
                    ? present.stream().allMatch(v -> !matchesAny(policyValues, v))
                    : present.stream().allMatch(v -> matchesAny(policyValues, v));
        };
    }

    /** Whether the context value matches one of the policy values under the positive form of the operator. */
    private boolean matchesAny(List<String> policyValues, String contextValue) {
        for (String policyValue : policyValues) {
            if (matchOne(policyValue, contextValue)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchOne(String policy, String context) {
        return switch (base) {
            case "StringEquals", "StringNotEquals" -> policy.equals(context);
            case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" -> policy.equalsIgnoreCase(context);
            case "StringLike", "StringNotLike" -> Wildcard.matches(policy, context, false);
            case "ArnEquals", "ArnNotEquals" -> policy.equals(context);
            case "ArnLike", "ArnNotLike" -> Wildcard.arnMatches(policy, context);
            case "Bool" -> policy.toLowerCase(Locale.ROOT).equals(context.toLowerCase(Locale.ROOT));
            case "BinaryEquals", "BinaryNotEquals" -> java.util.Arrays.equals(decode(policy), decode(context));
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

    /** A value that is not a number matches no numeric condition. */
    private boolean compareNumbers(String context, String policy) {
        try {
            return compare(new BigDecimal(context.strip()).compareTo(new BigDecimal(policy.strip())));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A value that is not a date (ISO 8601 or epoch seconds) matches no date condition. */
    private boolean compareDates(String context, String policy) {
        Instant c = date(context);
        Instant p = date(policy);
        return c != null && p != null && compare(c.compareTo(p));
    }

    private static Instant date(String text) {
        String t = text.strip();
        if (t.matches("-?\\d+")) {
            return Instant.ofEpochSecond(Long.parseLong(t));
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** Whether {@code address} lies in {@code cidr} (IPv4 or IPv6; a bare address is a /32 or /128). */
    static boolean inCidr(String address, String cidr) {
        try {
            String[] parts = cidr.strip().split("/", 2);
            byte[] network = InetAddress.getByName(parts[0]).getAddress();
            byte[] ip = InetAddress.getByName(address.strip()).getAddress();
            if (network.length != ip.length) {
                return false;
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((network[i] & mask) != (ip[i] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
