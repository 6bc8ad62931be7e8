package dev.outcrop.stacks.template;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A parameter's {@code AllowedPattern}, compiled with RE2/J so that matching a value takes time linear in the
 * value, whatever the pattern (no backtracking), and matched against the whole value, as CloudFormation does.
 * RE2/J compiles a counted repetition ({@code x{n}}) into n copies of x, so nested counts multiply: such a
 * pattern is measured before it is compiled and refused when its copies would exceed {@link #MAX_SIZE}.
 */
final class AllowedPattern {
    /** The most characters a pattern may be. */
    static final int MAX_CHARS = 4_096;
    /** The most atoms a pattern may expand to once its counted repetitions are unrolled. */
    static final long MAX_SIZE = 10_000;

    private AllowedPattern() {}

    /** The compiled pattern, or a template error naming {@code where} when RE2/J cannot compile it. */
    static Pattern compile(String where, String pattern) {
        if (pattern.length() > MAX_CHARS) {
            throw Template.format(where + " is longer than " + MAX_CHARS + " characters");
        }
        if (expandedSize(pattern) > MAX_SIZE) {
            throw Template.format(where + " repeats too much: its counted repetitions expand to more than " + MAX_SIZE
                    + " atoms");
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw Template.format(where + " is not a regular expression RE2 accepts: " + e.getMessage());
        }
    }

    /** Whether {@code value} is matched as a whole. */
    static boolean matches(Pattern pattern, String value) {
        return pattern.matcher(value).matches();
    }

    /**
     * An upper bound of the atoms {@code pattern} compiles to: each literal, escape or class is one, a group
     * the sum of its atoms, and {@code {n}}, {@code {n,}} or {@code {n,m}} multiplies the atom before it by
     * its largest count. Syntax errors are left to the compiler; this only has to over-estimate.
     */
    static long expandedSize(String pattern) {
        long[] totals = new long[pattern.length() + 2];
        int depth = 0;
        long last = 0;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '(') {
                totals[++depth] = 0;
                last = 0;
                i++;
                continue;
            }
            if (c == ')') {
                last = depth > 0 ? totals[depth--] : 0;
                totals[depth] = capped(totals[depth] + last);
                i++;
                continue;
            }
            if (c == '{') {
                int close = pattern.indexOf('}', i);
                long count = close < 0 ? -1 : largestCount(pattern.substring(i + 1, close));
                if (count >= 0) {
                    totals[depth] = capped(totals[depth] + capped(last * Math.max(count - 1, 0)));
                    last = capped(last * count);
                    i = close + 1;
                    continue;
                }
            }
            int end = atomEnd(pattern, i);
            last = 1;
            totals[depth] = capped(totals[depth] + 1);
            i = end;
        }
        long size = totals[0];
        for (int d = 1; d <= depth; d++) { // an unclosed group is the compiler's error; count it anyway
            size = capped(size + totals[d]);
        }
        return size;
    }

    /** Where the atom starting at {@code i} ends: an escape, a class, or one character. */
    private static int atomEnd(String pattern, int i) {
        char c = pattern.charAt(i);
        if (c == '\\' && i + 1 < pattern.length()) {
            if (pattern.charAt(i + 1) == 'Q') {
                int end = pattern.indexOf("\\E", i + 2);
                return end < 0 ? pattern.length() : end + 2;
            }
            if ("pPx".indexOf(pattern.charAt(i + 1)) >= 0 && i + 2 < pattern.length() && pattern.charAt(i + 2) == '{') {
                int end = pattern.indexOf('}', i + 2);
                return end < 0 ? pattern.length() : end + 1;
            }
            return i + 2;
        }
        if (c == '[') {
            int j = i + 1;
            if (j < pattern.length() && pattern.charAt(j) == '^') {
                j++;
            }
            if (j < pattern.length() && pattern.charAt(j) == ']') {
                j++;
            }
            while (j < pattern.length() && pattern.charAt(j) != ']') {
                if (pattern.charAt(j) == '\\') {
                    j++;
                } else if (pattern.startsWith("[:", j)) {
                    int end = pattern.indexOf(":]", j + 2);
                    j = end < 0 ? j : end + 1;
                }
                j++;
            }
            return Math.min(j + 1, pattern.length());
        }
        return i + 1;
    }

    /** The largest count of a repetition's braces ({@code 3}, {@code 2,}, {@code 2,5}), or -1 if it is none. */
    private static long largestCount(String inside) {
        if (inside.isEmpty() || inside.length() > 20 || !inside.matches("\\d+(,\\d*)?")) {
            return -1;
        }
        int comma = inside.indexOf(',');
        String max = comma < 0 ? inside : inside.substring(comma + 1).isEmpty() ? inside.substring(0, comma)
                : inside.substring(comma + 1);
        long count = Long.parseLong(max.length() > 9 ? "999999999" : max);
        return comma >= 0 && inside.substring(comma + 1).isEmpty() ? count + 1 : count;
    }

    private static long capped(long value) {
        return Math.min(value, Long.MAX_VALUE / 2_000_000_000L);
    }
}
