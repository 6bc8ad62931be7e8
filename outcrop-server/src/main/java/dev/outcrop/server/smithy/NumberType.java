package dev.outcrop.server.smithy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * The Smithy number types and the values each can hold: a JSON number outside its member's type cannot be
 * read into it, whatever {@code @range} says. {@code byte}, {@code short}, {@code integer} and {@code long}
 * are two's-complement integers of 8, 16, 32 and 64 bits, {@code float} and {@code double} IEEE 754 binary32
 * and binary64 (finite: JSON has no infinities), {@code bigInteger} and {@code bigDecimal} arbitrary (the
 * JSON reader bounds a number's length).
 */
public enum NumberType {
    /** {@code byte}: -128..127. */
    BYTE("a byte", Byte.MIN_VALUE, Byte.MAX_VALUE),
    /** {@code short}: -32768..32767. */
    SHORT("a short", Short.MIN_VALUE, Short.MAX_VALUE),
    /** {@code integer} and {@code intEnum}: 32 bits. */
    INTEGER("an integer", Integer.MIN_VALUE, Integer.MAX_VALUE),
    /** {@code long}: 64 bits. */
    LONG("a long", Long.MIN_VALUE, Long.MAX_VALUE),
    /** {@code bigInteger}: any integer. */
    BIG_INTEGER("a big integer", null, null),
    /** {@code float}: a finite IEEE 754 binary32. */
    FLOAT("a float", -Float.MAX_VALUE, Float.MAX_VALUE),
    /** {@code double}: a finite IEEE 754 binary64. */
    DOUBLE("a double", -Double.MAX_VALUE, Double.MAX_VALUE),
    /** {@code bigDecimal}: any decimal. */
    BIG_DECIMAL("a big decimal", null, null);

    private final String article;
    private final BigDecimal min;
    private final BigDecimal max;

    NumberType(String article, Number min, Number max) {
        this.article = article;
        this.min = min == null ? null : new BigDecimal(min.toString());
        this.max = max == null ? null : new BigDecimal(max.toString());
    }

    /** The type of a Smithy shape type name ({@code integer}, {@code Double}, {@code PrimitiveLong}...), or null. */
    static NumberType ofSmithy(String type) {
        return switch (type.replace("Primitive", "").toLowerCase(java.util.Locale.ROOT)) {
            case "byte" -> BYTE;
            case "short" -> SHORT;
            case "integer", "intenum" -> INTEGER;
            case "long" -> LONG;
            case "biginteger" -> BIG_INTEGER;
            case "float" -> FLOAT;
            case "double" -> DOUBLE;
            case "bigdecimal" -> BIG_DECIMAL;
            default -> null;
        };
    }

    /** Whether the type holds integers only. */
    public boolean integral() {
        return ordinal() <= BIG_INTEGER.ordinal();
    }

    /** The type's name with its article, for messages: "an integer". */
    public String article() {
        return article;
    }

    /**
     * Whether the JSON number {@code number} can be read into this type without wrapping, rounding to an
     * infinity or losing its integral value. Whether it is integral at all is checked before.
     */
    public boolean holds(JsonNode number) {
        if (number.isFloatingPointNumber() && !Double.isFinite(number.doubleValue())) {
            return false; // a literal too large for a double (1e400) is read as an infinity
        }
        if (min == null) {
            return true;
        }
        if (integral()) {
            if (!number.canConvertToLong()) {
                return false;
            }
            long value = number.longValue();
            return value >= min.longValue() && value <= max.longValue();
        }
        BigDecimal value = number.decimalValue();
        return value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }

    /** The range the type holds, for messages: "between -2147483648 and 2147483647". */
    public String bounds() {
        return "between " + min.toString() + " and " + max.toString();
    }
}
