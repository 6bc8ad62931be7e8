package dev.outcrop.cdk;

/**
 * How Outcrop applies a stored profile parameter to a call through the profile: as a default the call may override,
 * as a limit the call may not exceed, or fixed whatever the call says. Real Bedrock ignores it.
 */
public enum InferenceConfigurationMode {
    DEFAULT("default"), LIMIT("limit"), FIXED("fixed");

    private final String wireName;

    InferenceConfigurationMode(String wireName) {
        this.wireName = wireName;
    }

    public String getWireName() {
        return wireName;
    }
}
