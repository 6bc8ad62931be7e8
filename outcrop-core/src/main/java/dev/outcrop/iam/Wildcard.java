package dev.outcrop.iam;

/** IAM wildcard matching: {@code *} matches any run of characters, {@code ?} any one character. */
final class Wildcard {
    private static final int ARN_PARTS = 6;

    private Wildcard() {}

    /** Whether {@code text} matches {@code pattern}; case-insensitively when {@code ignoreCase}. */
    static boolean matches(String pattern, String text, boolean ignoreCase) {
        return matches(PatternText.of(pattern), text, ignoreCase);
    }

    /** Whether {@code text} matches {@code pattern}, whose literal characters are never wildcards. */
    static boolean matches(PatternText pattern, String text, boolean ignoreCase) {
        return matches(pattern, 0, pattern.text().length(), text, 0, text.length(), ignoreCase);
    }

    /** Whether {@code text[tFrom, tTo)} matches {@code pattern[pFrom, pTo)}. */
    private static boolean matches(PatternText pattern, int pFrom, int pTo, String text, int tFrom, int tTo,
                                   boolean ignoreCase) {
        String p = pattern.text();
        int pi = pFrom;
        int ti = tFrom;
        int star = -1;
        int mark = 0;
        while (ti < tTo) {
            if (pi < pTo && (pattern.special(pi, '?') || same(p.charAt(pi), text.charAt(ti), ignoreCase)
                    && !pattern.special(pi, '*'))) {
                pi++;
                ti++;
            } else if (pi < pTo && pattern.special(pi, '*')) {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < pTo && pattern.special(pi, '*')) {
            pi++;
        }
        return pi == pTo;
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b);
    }

    /**
     * ARN matching for {@code Resource} and {@code NotResource}, as IAM documents it.
     *
     * <p>A pattern with all six parts ({@code arn:partition:service:region:account:resource}) is matched part
     * by part: the first five each on their own, the resource part against everything after the ARN's fifth
     * colon, so a model id such as {@code anthropic.claude-3-haiku-20240307-v1:0} is one resource part. A
     * shorter pattern ({@code arn:aws:bedrock:*}, {@code arn:aws:bedrock:us-east-1:*}, {@code arn:*}) ends
     * with a part whose trailing {@code *} IAM lets expand beyond the colons in the {@code Resource} element,
     * so it is matched against the whole ARN, {@code *} crossing colons. Without that, a {@code Deny} on
     * {@code arn:aws:bedrock:*} would deny nothing and a {@code NotResource} of it would allow everything.
     */
    static boolean resourceMatches(PatternText pattern, String arn) {
        if (pattern.text().equals("*") && pattern.literals().isEmpty()) {
            return true;
        }
        int[] p = partEnds(pattern, pattern.text());
        if (p == null) {
            return matches(pattern, arn, false);
        }
        return partsMatch(pattern, p, arn);
    }

    /**
     * ARN matching for the ARN condition operators ({@code ArnLike}, {@code ArnEquals} and their negations,
     * which IAM says behave identically): each of the six colon-delimited parts is checked separately, so a
     * pattern of fewer than six parts matches no ARN.
     */
    static boolean arnConditionMatches(PatternText pattern, String arn) {
        int[] p = partEnds(pattern, pattern.text());
        return p != null && partsMatch(pattern, p, arn);
    }

    private static boolean partsMatch(PatternText pattern, int[] p, String arn) {
        int[] a = partEnds(null, arn);
        if (a == null) {
            return false;
        }
        int pFrom = 0;
        int aFrom = 0;
        for (int i = 0; i < ARN_PARTS; i++) {
            if (!matches(pattern, pFrom, p[i], arn, aFrom, a[i], false)) {
                return false;
            }
            pFrom = p[i] + 1;
            aFrom = a[i] + 1;
        }
        return true;
    }

    /**
     * The end of each of the six parts of {@code text} (the last part runs to the end, colons included), or
     * null when it has fewer than six. A literal colon of {@code pattern} (from a variable) separates nothing.
     */
    private static int[] partEnds(PatternText pattern, String text) {
        int[] ends = new int[ARN_PARTS];
        int part = 0;
        for (int i = 0; i < text.length() && part < ARN_PARTS - 1; i++) {
            if (text.charAt(i) == ':' && (pattern == null || pattern.special(i, ':'))) {
                ends[part++] = i;
            }
        }
        if (part < ARN_PARTS - 1) {
            return null;
        }
        ends[ARN_PARTS - 1] = text.length();
        return ends;
    }
}
