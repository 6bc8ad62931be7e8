package dev.outcrop.server.smithy;

import static java.util.Objects.requireNonNull;

import java.util.function.Predicate;

/**
 * A {@code @pattern} trait, compiled, that remembers a few values it matched.
 *
 * <p>The patterns run on a linear-time matcher (RE2/J): Bedrock's identifier patterns repeat groups
 * ({@code (([0-9a-zA-Z][_-]?)+)} in every model id), which {@link java.util.regex} matches by recursing once per
 * repetition, so a model id a few thousand characters long overflowed the call's stack. RE2/J keeps its state
 * in arrays, never recurses on the input, and takes time in proportion to the input's length. The one pattern
 * it cannot compile (a repetition count above 1,000) is a single character class repeated, which
 * {@link java.util.regex} matches in a loop.
 *
 * <p>Identifier patterns take tens of microseconds to match, and a service sees the same few model ids and ARNs in
 * call after call; a value seen to match is matched again by one lookup. Only matching values are kept, in a fixed
 * number of slots, so values a caller makes up cost no memory.
 */
public final class ValuePattern {
    private static final int SLOTS = 256;
    private final String regex;
    private final Predicate<String> matcher;
    // Benign races: a slot holds an immutable string or null; a lost write only costs a match later.
    private final String[] matched = new String[SLOTS];

    private ValuePattern(String regex, Predicate<String> matcher) {
        this.regex = regex;
        this.matcher = matcher;
    }

    /**
     * Compiles a Smithy {@code @pattern}.
     *
     * @throws IllegalArgumentException when neither matcher can compile it
     */
    public static ValuePattern compile(String regex) {
        requireNonNull(regex, "regex");
        try {
            com.google.re2j.Pattern linear = com.google.re2j.Pattern.compile(regex);
            return new ValuePattern(regex, linear::matches);
        } catch (com.google.re2j.PatternSyntaxException linearRefused) {
            try {
                java.util.regex.Pattern backtracking = java.util.regex.Pattern.compile(regex);
                return new ValuePattern(regex, value -> backtracking.matcher(value).matches());
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("not a usable pattern: " + regex, e);
            }
        }
    }

    /** Whether the whole of {@code value} matches. */
    public boolean matches(String value) {
        int slot = value.hashCode() & (SLOTS - 1);
        if (value.equals(matched[slot])) {
            return true;
        }
        if (!matcher.test(value)) {
            return false;
        }
        matched[slot] = value;
        return true;
    }

    /** The regular expression, as the model writes it. */
    public String regex() {
        return regex;
    }

    @Override
    public String toString() {
        return regex;
    }
}
