package dev.outcrop.server.smithy;

import java.math.BigDecimal;
import java.util.List;

/**
 * The constraint traits that apply to one value: {@code @length}, {@code @pattern}, {@code @range},
 * enum values, {@code @sensitive}. A member's own traits override those of its target.
 *
 * @param minLength {@code @length(min)} or null
 * @param maxLength {@code @length(max)} or null
 * @param pattern {@code @pattern} compiled, or null
 * @param min {@code @range(min)} or null
 * @param max {@code @range(max)} or null
 * @param enumValues the allowed values of an enum, or null
 * @param sensitive whether the value must not be echoed in messages
 */
public record Constraints(Long minLength, Long maxLength, ValuePattern pattern, BigDecimal min, BigDecimal max,
                          List<String> enumValues, boolean sensitive) {
    /** No constraint. */
    public static final Constraints NONE = new Constraints(null, null, null, null, null, null, false);

    /** These constraints with {@code other}'s set ones taking precedence. */
    public Constraints overriddenBy(Constraints other) {
        if (other.equals(NONE)) {
            return this; // the common case, once for every value validated: no new object
        }
        if (equals(NONE)) {
            return other;
        }
        return new Constraints(
                other.minLength != null ? other.minLength : minLength,
                other.maxLength != null ? other.maxLength : maxLength,
                other.pattern != null ? other.pattern : pattern,
                other.min != null ? other.min : min,
                other.max != null ? other.max : max,
                other.enumValues != null ? other.enumValues : enumValues,
                other.sensitive || sensitive);
    }
}
