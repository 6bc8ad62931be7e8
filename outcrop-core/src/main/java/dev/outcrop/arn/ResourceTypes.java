package dev.outcrop.arn;

/** The Bedrock resource types that appear in ARNs Outcrop understands. */
public final class ResourceTypes {
    private ResourceTypes() {}

    /** {@code foundation-model/{modelId}}, account part empty. */
    public static final String FOUNDATION_MODEL = "foundation-model";
    /** {@code inference-profile/{geo}.{modelId}}: a system-defined (cross-region) profile. */
    public static final String INFERENCE_PROFILE = "inference-profile";
    /** {@code application-inference-profile/{12 lowercase alphanumerics}}. */
    public static final String APPLICATION_INFERENCE_PROFILE = "application-inference-profile";
    /** {@code default-prompt-router/{family}:{version}}. */
    public static final String DEFAULT_PROMPT_ROUTER = "default-prompt-router";
    /** {@code prompt-router/{12 lowercase alphanumerics}}. */
    public static final String PROMPT_ROUTER = "prompt-router";
}
