package dev.outcrop.router;

import java.util.Locale;

/** How a router chooses between its two models. */
public enum RoutingMode {
    /** Bedrock's way: predict each model's quality before the call and call one model. */
    PREDICT,
    /**
     * Beyond Bedrock: call the cheaper model first and escalate to the stronger one when its answer fails a
     * check. Chosen at creation with the tag {@value PromptRouter#MODE_TAG}{@code =cascade}.
     */
    CASCADE;

    /** The value of the mode tag. */
    public String tagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
