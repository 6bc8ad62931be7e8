package dev.outcrop.cdk;

import java.util.List;
import software.amazon.awscdk.CfnTag;

/** What an application inference profile is made of. */
public final class ApplicationInferenceProfileProps {
    private final String inferenceProfileName;
    private final String description;
    private final IModelSource modelSource;
    private final List<CfnTag> tags;

    private ApplicationInferenceProfileProps(Builder b) {
        this.inferenceProfileName = ResourceNames.profileName("inferenceProfileName", b.inferenceProfileName);
        this.description = ResourceNames.profileDescription("description", b.description);
        if (b.modelSource == null) {
            throw new IllegalArgumentException("modelSource is required: a BedrockFoundationModel or a CrossRegionInferenceProfile");
        }
        if (b.modelSource instanceof ApplicationInferenceProfile || b.modelSource instanceof InferenceProfile
                || b.modelSource instanceof ImportedApplicationInferenceProfile) {
            // CreateInferenceProfile's copyFrom takes a foundation model or a system-defined profile only.
            throw new IllegalArgumentException("modelSource must be a foundation model or a cross-Region (system-defined) profile, not an application profile");
        }
        this.modelSource = b.modelSource;
        this.tags = b.tags == null ? List.of() : List.copyOf(b.tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String getInferenceProfileName() {
        return inferenceProfileName;
    }

    public String getDescription() {
        return description;
    }

    public IModelSource getModelSource() {
        return modelSource;
    }

    public List<CfnTag> getTags() {
        return tags;
    }

    public static final class Builder {
        private String inferenceProfileName;
        private String description;
        private IModelSource modelSource;
        private List<CfnTag> tags;

        public Builder inferenceProfileName(String inferenceProfileName) {
            this.inferenceProfileName = inferenceProfileName;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** A {@link BedrockFoundationModel} (one Region) or a {@link CrossRegionInferenceProfile} (its geography). */
        public Builder modelSource(IModelSource modelSource) {
            this.modelSource = modelSource;
            return this;
        }

        public Builder tags(List<CfnTag> tags) {
            this.tags = tags;
            return this;
        }

        public ApplicationInferenceProfileProps build() {
            return new ApplicationInferenceProfileProps(this);
        }
    }
}
