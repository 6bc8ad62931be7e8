package dev.outcrop.server.smithy;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A {@code @pattern} trait, compiled, that remembers a few values it matched. Bedrock's identifier patterns
 * (a model id may be any of a dozen ARN forms) take tens of microseconds to match, and a service sees the
 * same few model ids and ARNs in call after call; a value seen to match is matched again by one lookup.
 * Only matching values are kept, in a fixed number of slots, so values a caller makes up cost no memory.
 */
public final class ValuePattern {
    private static final int SLOTS = 256;
    private final Pattern pattern;
    // Benign races: a slot holds an immutable string or null; a lost write only costs a match later.
    private final String[] matched = new String[SLOTS];

    /** Wraps a compiled pattern. */
    public ValuePattern(Pattern pattern) {
        this.pattern = requireNonNull(pattern, "pattern");
    }

    /** Whether the whole of {@code value} matches. */
    public boolean matches(String value) {
        int slot = value.hashCode() & (SLOTS - 1);
        if (value.equals(matched[slot])) {
            return true;
        }
        if (!pattern.matcher(value).matches()) {
            return false;
        }
        matched[slot] = value;
        return true;
    }

    /** The regular expression, as the model writes it. */
    public String regex() {
        return pattern.pattern();
    }

    @Override
    public String toString() {
        return regex();
    }
}
