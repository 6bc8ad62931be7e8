package dev.outcrop.iam;

import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves policy variables ({@code ${aws:username}}, {@code ${aws:PrincipalTag/team}}, with an optional
 * default {@code ${aws:username, 'nobody'}}, and the escapes {@code ${*}}, {@code ${?}}, {@code ${$}})
 * from the request's context keys. Only policies of version 2012-10-17 have variables.
 */
final class PolicyVariables {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^},]+)(?:\\s*,\\s*'([^']*)')?}");

    private final RequestContext context;
    private final boolean enabled;

    PolicyVariables(RequestContext context, boolean enabled) {
        this.context = context;
        this.enabled = enabled;
    }

    /**
     * The text with its variables replaced, or null when a variable has no value: IAM then holds the whole
     * statement invalid, so the caller makes it not apply (a {@code NotResource} or a negated operator must
     * not turn "matches nothing" into "excluded from nothing"). What an escape or a variable's value put in
     * is literal: its {@code *}, {@code ?} and {@code :} are only characters, never wildcards or separators.
     */
    PatternText resolve(String text) {
        if (!enabled || text.indexOf("${") < 0) {
            return PatternText.of(text);
        }
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        BitSet literals = new BitSet();
        int tail = 0;
        while (matcher.find()) {
            String name = matcher.group(1).strip();
            String value = switch (name) {
                case "*", "?", "$" -> name;
                default -> {
                    List<String> values = context.values(name);
                    yield values != null && values.size() == 1 ? values.getFirst() : matcher.group(2);
                }
            };
            if (value == null) {
                return null;
            }
            out.append(text, tail, matcher.start());
            literals.set(out.length(), out.length() + value.length());
            out.append(value);
            tail = matcher.end();
        }
        out.append(text, tail, text.length());
        return new PatternText(out.toString(), literals);
    }
}
