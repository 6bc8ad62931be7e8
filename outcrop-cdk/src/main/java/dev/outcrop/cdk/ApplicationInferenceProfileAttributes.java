package dev.outcrop.cdk;

import java.util.Objects;

/** An existing application inference profile, by ARN and identifier. */
public final class ApplicationInferenceProfileAttributes {
    private final String inferenceProfileArn;
    private final String inferenceProfileIdentifier;

    private ApplicationInferenceProfileAttributes(Builder b) {
        this.inferenceProfileArn = Objects.requireNonNull(b.inferenceProfileArn, "inferenceProfileArn is required");
        this.inferenceProfileIdentifier = Objects.requireNonNull(b.inferenceProfileIdentifier, "inferenceProfileIdentifier is required");
    }

    public static Builder builder() {
        return new Builder();
    }

    public String getInferenceProfileArn() {
        return inferenceProfileArn;
    }

    public String getInferenceProfileIdentifier() {
        return inferenceProfileIdentifier;
    }

    public static final class Builder {
        private String inferenceProfileArn;
        private String inferenceProfileIdentifier;

        public Builder inferenceProfileArn(String inferenceProfileArn) {
            this.inferenceProfileArn = inferenceProfileArn;
            return this;
        }

        public Builder inferenceProfileIdentifier(String inferenceProfileIdentifier) {
            this.inferenceProfileIdentifier = inferenceProfileIdentifier;
            return this;
        }

        public ApplicationInferenceProfileAttributes build() {
            return new ApplicationInferenceProfileAttributes(this);
        }
    }
}
