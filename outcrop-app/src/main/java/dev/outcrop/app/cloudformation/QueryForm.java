package dev.outcrop.app.cloudformation;

import dev.outcrop.error.ValidationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The members of an AWS query protocol request: a form body, lists flattened as {@code Name.member.N}. */
final class QueryForm {
    private static final int MAX_LIST = 200;
    private final Map<String, String> values;

    private QueryForm(Map<String, String> values) {
        this.values = values;
    }

    /** Parses a form body; a malformed escape is the caller's error. */
    static QueryForm parse(byte[] body) {
        Map<String, String> values = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.isEmpty()) {
            for (String pair : text.split("&")) {
                int eq = pair.indexOf('=');
                try {
                    String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    values.putIfAbsent(name, value);
                } catch (IllegalArgumentException e) {
                    throw new ValidationException("The request body is not a valid form.");
                }
            }
        }
        return new QueryForm(values);
    }

    /** A member's value, or null. */
    String get(String name) {
        return values.get(name);
    }

    /** A member that must be present and not empty. */
    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw new ValidationException("1 validation error detected: Value null at '" + lowerFirst(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    /** The maps of a list of structures, {@code Name.member.1.Key}, in order. */
    List<Map<String, String>> structures(String name) {
        List<Map<String, String>> list = new ArrayList<>();
        for (int i = 1; i <= MAX_LIST; i++) {
            String prefix = name + ".member." + i + ".";
            Map<String, String> item = new LinkedHashMap<>();
            values.forEach((key, value) -> {
                if (key.startsWith(prefix)) {
                    item.put(key.substring(prefix.length()), value);
                }
            });
            if (item.isEmpty()) {
                break;
            }
            list.add(item);
        }
        return list;
    }

    private static String lowerFirst(String name) {
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
