package dev.outcrop.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnTag;

/** An application profile with inference parameters kept alongside it. */
public final class InferenceProfileProps {
    private final String profileName;
    private final String description;
    private final IModelSource modelSource;
    private final InferenceConfiguration inferenceConfiguration;
    private final InferenceConfigurationMode configurationMode;
    private final Map<String, InferenceConfigurationMode> configurationModes;
    private final List<CfnTag> tags;

    private InferenceProfileProps(Builder b) {
        this.profileName = ResourceNames.profileName("profileName", b.profileName);
        this.description = ResourceNames.profileDescription("description", b.description);
        if (b.modelSource == null) {
            throw new IllegalArgumentException("modelSource is required: a BedrockFoundationModel or a CrossRegionInferenceProfile");
        }
        this.modelSource = b.modelSource;
        this.inferenceConfiguration = b.inferenceConfiguration == null ? InferenceConfiguration.builder().build() : b.inferenceConfiguration;
        this.configurationMode = b.configurationMode == null ? InferenceConfigurationMode.DEFAULT : b.configurationMode;
        this.configurationModes = b.configurationModes == null ? Map.of() : Map.copyOf(b.configurationModes);
        var known = inferenceConfiguration.toMap().keySet();
        for (String key : configurationModes.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("configurationModes names '" + key + "', which inferenceConfiguration does not set (it sets " + known + ")");
            }
        }
        // What Outcrop's stored configuration accepts, checked here so that a synthesized template deploys there too.
        for (String key : known) {
            InferenceConfigurationMode mode = modeOf(key);
            if (key.equals("anthropicVersion") && mode != InferenceConfigurationMode.FIXED) {
                throw new IllegalArgumentException("anthropicVersion can only be FIXED (a call's body carries one "
                        + "version), not " + mode);
            }
            if ((key.equals("stopSequences") || key.equals("responseFormat")) && mode == InferenceConfigurationMode.LIMIT) {
                throw new IllegalArgumentException(key + " cannot be a LIMIT (only maxTokens, temperature, topP and "
                        + "topK can); give it DEFAULT or FIXED in configurationModes");
            }
        }
        this.tags = b.tags == null ? List.of() : List.copyOf(b.tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String getProfileName() {
        return profileName;
    }

    public String getDescription() {
        return description;
    }

    public IModelSource getModelSource() {
        return modelSource;
    }

    public InferenceConfiguration getInferenceConfiguration() {
        return inferenceConfiguration;
    }

    /**
     * The mode of a parameter: its own from configurationModes, else configurationMode (FIXED for
     * anthropicVersion).
     */
    public InferenceConfigurationMode modeOf(String parameter) {
        // anthropicVersion is fixed unless said otherwise (then refused): a body carries exactly one version.
        return configurationModes.getOrDefault(parameter,
                parameter.equals("anthropicVersion") ? InferenceConfigurationMode.FIXED : configurationMode);
    }

    public List<CfnTag> getTags() {
        return tags;
    }

    public static final class Builder {
        private String profileName;
        private String description;
        private IModelSource modelSource;
        private InferenceConfiguration inferenceConfiguration;
        private InferenceConfigurationMode configurationMode;
        private Map<String, InferenceConfigurationMode> configurationModes;
        private List<CfnTag> tags;

        public Builder profileName(String profileName) {
            this.profileName = profileName;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder modelSource(IModelSource modelSource) {
            this.modelSource = modelSource;
            return this;
        }

        public Builder inferenceConfiguration(InferenceConfiguration inferenceConfiguration) {
            this.inferenceConfiguration = inferenceConfiguration;
            return this;
        }

        /** How Outcrop applies every parameter (default: {@link InferenceConfigurationMode#DEFAULT}). */
        public Builder configurationMode(InferenceConfigurationMode configurationMode) {
            this.configurationMode = configurationMode;
            return this;
        }

        /** Per-parameter modes, by the parameter's name in {@link InferenceConfiguration} (e.g. "maxTokens"). */
        public Builder configurationModes(Map<String, InferenceConfigurationMode> configurationModes) {
            this.configurationModes = configurationModes;
            return this;
        }

        public Builder tags(List<CfnTag> tags) {
            this.tags = tags;
            return this;
        }

        public InferenceProfileProps build() {
            return new InferenceProfileProps(this);
        }
    }
}
