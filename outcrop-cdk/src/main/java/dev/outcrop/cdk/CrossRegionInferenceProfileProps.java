package dev.outcrop.cdk;

import java.util.Objects;

/** The system-defined profile to use: a geography and a model. */
public final class CrossRegionInferenceProfileProps {
    private final CrossRegionInferenceProfileRegion geoRegion;
    private final BedrockFoundationModel model;

    private CrossRegionInferenceProfileProps(Builder b) {
        this.geoRegion = Objects.requireNonNull(b.geoRegion, "geoRegion is required");
        this.model = Objects.requireNonNull(b.model, "model is required");
    }

    public static Builder builder() {
        return new Builder();
    }

    public CrossRegionInferenceProfileRegion getGeoRegion() {
        return geoRegion;
    }

    public BedrockFoundationModel getModel() {
        return model;
    }

    public static final class Builder {
        private CrossRegionInferenceProfileRegion geoRegion;
        private BedrockFoundationModel model;

        public Builder geoRegion(CrossRegionInferenceProfileRegion geoRegion) {
            this.geoRegion = geoRegion;
            return this;
        }

        public Builder model(BedrockFoundationModel model) {
            this.model = model;
            return this;
        }

        public CrossRegionInferenceProfileProps build() {
            return new CrossRegionInferenceProfileProps(this);
        }
    }
}
