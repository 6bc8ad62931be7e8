package dev.outcrop.usage;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Which calls a budget or quota counts: those of a tag value ({@code tag:team=search}), of a profile
 * ({@code profile:ARN}, an application profile or anything called by that ARN), or of a principal
 * ({@code principal:alice}).
 *
 * @param kind what is matched
 * @param key the tag key, the ARN, or the principal name
 * @param value the tag value (tags only)
 */
public record Selector(Kind kind, String key, String value) {
    /** What a selector matches on. */
    public enum Kind { TAG, PROFILE, PRINCIPAL }

    /** Checks the members. */
    public Selector {
        requireNonNull(kind, "kind");
        requireNonNull(key, "key");
    }

    /**
     * Parses {@code tag:KEY=VALUE}, {@code profile:ARN} or {@code principal:NAME}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Selector parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' (expected: tag:KEY=VALUE, profile:ARN or principal:NAME)");
        }
        String kind = text.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = text.substring(colon + 1);
        return switch (kind) {
            case "tag" -> {
                int equals = rest.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("'" + text + "' (expected: tag:KEY=VALUE)");
                }
                yield new Selector(Kind.TAG, rest.substring(0, equals), rest.substring(equals + 1));
            }
            case "profile" -> new Selector(Kind.PROFILE, rest, null);
            case "principal" -> new Selector(Kind.PRINCIPAL, rest, null);
            default -> throw new IllegalArgumentException("'" + text + "' (expected: tag:KEY=VALUE, profile:ARN or principal:NAME)");
        };
    }

    /** Whether the call falls under this selector. */
    public boolean matches(CallScope call) {
        return switch (kind) {
            case TAG -> value.equals(call.tags().get(key));
            case PROFILE -> key.equals(call.applicationProfileArn()) || key.equals(call.targetArn());
            case PRINCIPAL -> key.equals(call.principal());
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TAG -> "tag:" + key + "=" + value;
            case PROFILE -> "profile:" + key;
            case PRINCIPAL -> "principal:" + key;
        };
    }
}
