package dev.outcrop.util;

/**
 * Argument checks at API edges. Messages follow {@code "name: value (expected: ...)"}.
 */
final class Preconditions {
    private Preconditions() {}

    /**
     * Throws {@link IllegalArgumentException} with the formatted message when {@code condition} is false.
     *
     * @param condition what must hold
     * @param format a {@link String#format} pattern
     * @param args the pattern's arguments
     */
    public static void checkArgument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    /**
     * Throws {@link IllegalStateException} with the formatted message when {@code condition} is false.
     *
     * @param condition what must hold
     * @param format a {@link String#format} pattern
     * @param args the pattern's arguments
     */
    public static void checkState(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, args));
        }
    }
}
