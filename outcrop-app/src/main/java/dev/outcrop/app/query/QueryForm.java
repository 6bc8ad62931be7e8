package dev.outcrop.app.query;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The members of an AWS query protocol request: a form body, lists flattened as {@code Name.member.N}. A member
 * named twice is refused, so that no two readers of one request can see different values of it.
 */
public final class QueryForm {
    /** The most members a list may have; the query APIs served here take at most 200 of anything. */
    public static final int MAX_LIST = 200;
    private final Map<String, String> values;

    private QueryForm(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses a form body of at most {@code maxBytes}.
     *
     * @throws QueryError for a longer body, a malformed escape or a member named twice
     */
    public static QueryForm parse(byte[] body, int maxBytes) {
        if (body.length > maxBytes) {
            throw new QueryError(400, "ValidationError", "The request is longer than " + maxBytes + " bytes.");
        }
        Map<String, String> values = new HashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('&', start);
            if (end < 0) {
                end = text.length();
            }
            if (end > start) {
                add(values, text.substring(start, end));
            }
            start = end + 1;
        }
        return new QueryForm(values);
    }

    private static void add(Map<String, String> values, String pair) {
        int eq = pair.indexOf('=');
        String name;
        String value;
        try {
            name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new QueryError(400, "MalformedQueryString", "The form body is not URL-encoded.");
        }
        if (values.putIfAbsent(name, value) != null) {
            throw new QueryError(400, "ValidationError", "The parameter " + name + " appears more than once.");
        }
    }

    /** A member's value, or null. */
    public String get(String name) {
        return values.get(name);
    }

    /**
     * A member that must be present and not empty.
     *
     * @throws QueryError {@code ValidationError} naming the member as the AWS services do
     */
    public String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw new QueryError(400, "ValidationError", "1 validation error detected: Value null at '"
                    + lowerFirst(name) + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    /**
     * The values of a list of strings, {@code Name.member.1}, {@code Name.member.2}, ...
     *
     * @throws QueryError for an index that is not 1 to {@link #MAX_LIST}, or a list with a gap: never dropped
     */
    public List<String> list(String name) {
        List<String> list = new ArrayList<>();
        for (Map<String, String> item : members(name, false)) {
            list.add(item.get(""));
        }
        return list;
    }

    /** The maps of a list of structures, {@code Name.member.1.Key}, in order; refused as {@link #list} refuses. */
    public List<Map<String, String>> structures(String name) {
        return members(name, true);
    }

    private List<Map<String, String>> members(String name, boolean structures) {
        String prefix = name + ".member.";
        TreeMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
        values.forEach((key, value) -> {
            if (!key.startsWith(prefix)) {
                return;
            }
            int dot = key.indexOf('.', prefix.length());
            if (structures != (dot >= 0)) {
                return;
            }
            int index = index(key.substring(prefix.length(), dot < 0 ? key.length() : dot));
            if (index == 0) {
                throw new QueryError(400, "ValidationError", "The parameter " + key + " is not a member of the list "
                        + name + ": its index must be a number from 1 to " + MAX_LIST + ".");
            }
            byIndex.computeIfAbsent(index, i -> new HashMap<>()).put(dot < 0 ? "" : key.substring(dot + 1), value);
        });
        if (!byIndex.isEmpty() && byIndex.lastKey() != byIndex.size()) {
            int missing = 1;
            while (byIndex.containsKey(missing)) {
                missing++;
            }
            throw new QueryError(400, "ValidationError", "The list " + name + " has no member " + missing
                    + " before member " + byIndex.lastKey() + ".");
        }
        return new ArrayList<>(byIndex.values());
    }

    /** A list index from 1 to {@link #MAX_LIST} written without a sign or leading zero, else 0. */
    private static int index(String digits) {
        if (digits.isEmpty() || digits.length() > 3 || digits.charAt(0) == '0') {
            return 0;
        }
        int index = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            index = index * 10 + (c - '0');
        }
        return index <= MAX_LIST ? index : 0;
    }

    private static String lowerFirst(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
