package dev.outcrop.iam;

import java.util.BitSet;

/**
 * A policy pattern after its variables are resolved: its characters, and which of them are literal. A
 * {@code *}, {@code ?} or {@code :} written by the policy's author is a wildcard (or an ARN's separator); one
 * that came from {@code ${*}}, {@code ${?}} or a variable's value is only that character, so a caller whose
 * tag or name holds a {@code *} cannot widen the pattern.
 *
 * @param text the characters
 * @param literals the positions of the characters that are never wildcards nor separators
 */
record PatternText(String text, BitSet literals) {

    /** A pattern written as is: every {@code *}, {@code ?} and {@code :} is special. */
    static PatternText of(String text) {
        return new PatternText(text, new BitSet());
    }

    /** Whether the character at {@code index} is the wildcard or separator {@code c}. */
    boolean special(int index, char c) {
        return text.charAt(index) == c && !literals.get(index);
    }
}
