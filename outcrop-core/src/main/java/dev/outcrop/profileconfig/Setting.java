package dev.outcrop.profileconfig;

import static java.util.Objects.requireNonNull;

/**
 * A profile's value of one inference parameter and how it meets the request's.
 *
 * @param value the value (already checked against the parameter's bounds)
 * @param mode default, limit or fixed
 * @param <T> the parameter's type
 */
public record Setting<T>(T value, Mode mode) {
    /** Checks the members. */
    public Setting {
        requireNonNull(value, "value");
        requireNonNull(mode, "mode");
    }

    /** A value a request may override. */
    public static <T> Setting<T> byDefault(T value) {
        return new Setting<>(value, Mode.DEFAULT);
    }

    /** A ceiling a request may not exceed. */
    public static <T> Setting<T> limit(T value) {
        return new Setting<>(value, Mode.LIMIT);
    }

    /** The only value a request may have. */
    public static <T> Setting<T> fixed(T value) {
        return new Setting<>(value, Mode.FIXED);
    }
}
