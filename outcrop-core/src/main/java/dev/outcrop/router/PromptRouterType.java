package dev.outcrop.router;

import java.util.Locale;

/** Whether a router is AWS-managed ({@code default}) or the account's own ({@code custom}). */
public enum PromptRouterType {
    /** Offered by the service in every account of a region; cannot be created or deleted. */
    DEFAULT,
    /** Created by the account with {@code CreatePromptRouter}. */
    CUSTOM;

    /** The wire value: lower case, unlike the inference-profile types. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a wire value names (already checked against the model's enum). */
    public static PromptRouterType ofWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
