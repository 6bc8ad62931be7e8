package dev.outcrop.invoke;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * The schema's {@code pattern}s and {@code patternProperties}, matched by {@link java.util.regex} on a budget:
 * a pattern that backtracks (such as {@code (a+)+$}) is exponential in the text it is matched against, and both
 * come from the caller. Every character the matcher reads is counted against the check of one answer
 * ({@link #start()} .. {@link #stop()}, on the checking thread), which ends with {@link Exhausted} past
 * {@link #BUDGET}.
 */
final class BoundedRegex implements RegularExpression {
    /** Characters the matcher may read in the check of one answer. */
    static final long BUDGET = 20_000_000;

    static final RegularExpressionFactory FACTORY = BoundedRegex::new;

    private static final ThreadLocal<long[]> LEFT = new ThreadLocal<>();

    private final Pattern pattern;

    private BoundedRegex(String regex) {
        this.pattern = Pattern.compile(regex);
    }

    static void start() {
        LEFT.set(new long[] {BUDGET});
    }

    static void stop() {
        LEFT.remove();
    }

    @Override
    public boolean matches(String value) {
        long[] left = LEFT.get();
        return pattern.matcher(left == null ? value : new Counted(value, left)).find();
    }

    /** The budget is spent. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("the pattern budget is spent", null, false, false);
        }
    }

    private record Counted(String text, long[] left) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new Exhausted();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counted(text.substring(start, end), left);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
