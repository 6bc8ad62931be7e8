package dev.outcrop.iam;

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
     * The text with its variables replaced, or null when a variable has no value (the element then does
     * not match, as in IAM). In {@code *}/{@code ?} escapes the result keeps a literal marker handled by
     * the caller as text.
     */
    String resolve(String text) {
        if (!enabled || text.indexOf("${") < 0) {
            return text;
        }
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1).strip();
            String value = switch (name) {
                case "*" -> "*";
                case "?" -> "?";
                case "$" -> "$";
                default -> {
                    List<String> values = context.values(name);
                    yield values != null && values.size() == 1 ? values.getFirst() : matcher.group(2);
                }
            };
            if (value == null) {
                return null;
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
