package dev.outcrop.stacks.template;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * The numbers of {@code Number} and {@code List<Number>} parameters and of {@code MinValue} / {@code MaxValue}:
 * decimal text, short enough that parsing and comparing cost nothing, and finite ({@code NaN} and
 * {@code Infinity} are not numbers here, as they are not in CloudFormation).
 */
final class ParameterNumber {
    /** Longer than any double CloudFormation could mean, far shorter than a million-digit number. */
    static final int MAX_CHARS = 64;
    /** A double's range: a larger exponent would only make {@link BigDecimal} arithmetic slow. */
    static final int MAX_EXPONENT = 308;
    // A bounded text (MAX_CHARS) is matched, so java.util.regex's backtracking cannot run long here.
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d{1,3})?");

    private ParameterNumber() {}

    /** The number {@code text} spells, or null when it is not a bounded finite decimal. */
    static BigDecimal parse(String text) {
        if (text.length() > MAX_CHARS || !DECIMAL.matcher(text).matches()) {
            return null;
        }
        BigDecimal value = new BigDecimal(text);
        if (value.signum() != 0 && Math.abs(value.precision() - value.scale() - 1) > MAX_EXPONENT) {
            return null;
        }
        return value;
    }

    /** A number as a message shows it: plain unless that would be long. */
    static String shown(BigDecimal value) {
        String plain = value.toPlainString();
        return plain.length() <= MAX_CHARS ? plain : value.toString();
    }
}
