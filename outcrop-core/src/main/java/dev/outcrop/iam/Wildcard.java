package dev.outcrop.iam;

/** IAM wildcard matching: {@code *} matches any run of characters, {@code ?} any one character. */
final class Wildcard {
    private static final int ARN_PARTS = 6;

    private Wildcard() {}

    /** Whether {@code text} matches {@code pattern}; case-insensitively when {@code ignoreCase}. */
    static boolean matches(String pattern, String text, boolean ignoreCase) {
        String p = ignoreCase ? pattern.toLowerCase(java.util.Locale.ROOT) : pattern;
        String t = ignoreCase ? text.toLowerCase(java.util.Locale.ROOT) : text;
        int pi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < t.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                pi++;
                ti++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = ti;
            } else if (star >= 0) {
                pi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    /**
     * ARN matching for {@code Resource}, {@code NotResource} and {@code ArnLike}, as IAM documents it.
     *
     * <p>A pattern with all six parts ({@code arn:partition:service:region:account:resource}) is matched part
     * by part: the first five each on their own, the resource part against everything after the ARN's fifth
     * colon, so a model id such as {@code anthropic.claude-3-haiku-20240307-v1:0} is one resource part. A
     * shorter pattern ({@code arn:aws:bedrock:*}, {@code arn:aws:bedrock:us-east-1:*}, {@code arn:*}) ends
     * with a part whose trailing {@code *} IAM lets expand beyond the colons, so it is matched against the
     * whole ARN, {@code *} crossing colons. Without that, a {@code Deny} on {@code arn:aws:bedrock:*} would
     * deny nothing and a {@code NotResource} of it would allow everything.
     */
    static boolean arnMatches(String pattern, String arn) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] p = pattern.split(":", ARN_PARTS);
        if (p.length < ARN_PARTS) {
            return matches(pattern, arn, false);
        }
        String[] a = arn.split(":", ARN_PARTS);
        if (a.length != ARN_PARTS) {
            return false;
        }
        for (int i = 0; i < ARN_PARTS; i++) {
            if (!matches(p[i], a[i], false)) {
                return false;
            }
        }
        return true;
    }
}
