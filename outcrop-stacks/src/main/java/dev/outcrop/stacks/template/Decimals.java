package dev.outcrop.stacks.template;

import java.math.BigDecimal;

/**
 * A template's numbers ({@code Number} parameters, {@code MinValue}, {@code MaxValue}): decimals of a bounded size,
 * since comparing two decimals whose exponents lie far apart builds a number as long as the gap.
 */
final class Decimals {
    /** The most digits, and the largest exponent either way, of a number a template may hold. */
    static final int MAX_DIGITS = 400;

    private Decimals() {}

    /** The number {@code text} writes, or null when it is none or out of bounds. */
    static BigDecimal parse(String text) {
        if (text.length() > 2 * MAX_DIGITS) {
            return null;
        }
        BigDecimal number;
        try {
            number = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
        return number.precision() <= MAX_DIGITS && Math.abs((long) number.scale()) <= MAX_DIGITS ? number : null;
    }
}
