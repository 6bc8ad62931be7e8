package dev.outcrop.cdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.bedrock.CfnPrompt;

/**
 * Inference parameters kept with a profile. temperature, topP, maxTokens and stopSequences are Bedrock's own inference
 * configuration (ranges from the bedrock-agent Smithy model's PromptModelInferenceConfiguration); topK,
 * anthropicVersion and responseFormat are model-specific and travel as additional model request fields.
 */
public final class InferenceConfiguration {
    private final Number temperature;
    private final Number topP;
    private final Number maxTokens;
    private final List<String> stopSequences;
    private final Number topK;
    private final String anthropicVersion;
    private final Map<String, Object> responseFormat;

    private InferenceConfiguration(Builder b) {
        this.temperature = inRange("temperature", b.temperature, 0, 1);
        this.topP = inRange("topP", b.topP, 0, 1);
        this.maxTokens = wholeAtLeast("maxTokens", b.maxTokens, 1);
        this.topK = wholeAtLeast("topK", b.topK, 1);
        if (b.stopSequences != null && (b.stopSequences.size() > 4 || b.stopSequences.stream().anyMatch(s -> s == null || s.isEmpty()))) {
            throw new IllegalArgumentException("stopSequences must hold at most 4 non-empty strings");
        }
        this.stopSequences = b.stopSequences == null ? null : List.copyOf(b.stopSequences);
        if (b.anthropicVersion != null && b.anthropicVersion.isBlank()) {
            throw new IllegalArgumentException("anthropicVersion must not be blank");
        }
        this.anthropicVersion = b.anthropicVersion;
        this.responseFormat = responseFormat(b.responseFormat);
    }

    // Bedrock's structured output (Converse outputConfig.textFormat.structure.jsonSchema) and Outcrop's stored
    // configuration: a JSON schema, optionally named and described.
    private static Map<String, Object> responseFormat(Map<String, Object> format) {
        if (format == null) {
            return null;
        }
        for (String key : format.keySet()) {
            if (!List.of("name", "description", "schema").contains(key)) {
                throw new IllegalArgumentException("responseFormat has '" + key + "'; its keys are schema (a JSON "
                        + "schema, required), name and description");
            }
        }
        if (!(format.get("schema") instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("responseFormat needs schema: a JSON schema as a Map");
        }
        for (String key : List.of("name", "description")) {
            if (format.containsKey(key) && !(format.get(key) instanceof String text && !text.isEmpty())) {
                throw new IllegalArgumentException("responseFormat's " + key + " must be a non-empty String");
            }
        }
        return Map.copyOf(format);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Number getTemperature() {
        return temperature;
    }

    public Number getTopP() {
        return topP;
    }

    public Number getMaxTokens() {
        return maxTokens;
    }

    public List<String> getStopSequences() {
        return stopSequences;
    }

    public Number getTopK() {
        return topK;
    }

    public String getAnthropicVersion() {
        return anthropicVersion;
    }

    public Map<String, Object> getResponseFormat() {
        return responseFormat;
    }

    /** The part Bedrock's prompt variant carries as its inference configuration. */
    CfnPrompt.PromptInferenceConfigurationProperty toPromptInferenceConfiguration() {
        return CfnPrompt.PromptInferenceConfigurationProperty.builder()
                .text(CfnPrompt.PromptModelInferenceConfigurationProperty.builder()
                        .temperature(temperature).topP(topP).maxTokens(maxTokens).stopSequences(stopSequences).build())
                .build();
    }

    /** The model-specific part, in the field names the model's native request uses; null when there is none. */
    Map<String, Object> toAdditionalModelRequestFields() {
        var fields = new LinkedHashMap<String, Object>();
        putIfSet(fields, "top_k", topK);
        putIfSet(fields, "anthropic_version", anthropicVersion);
        putIfSet(fields, "response_format", responseFormat);
        return fields.isEmpty() ? null : fields;
    }

    /** Every set parameter under its name in this class (the keys of Outcrop's stored profile configuration). */
    Map<String, Object> toMap() {
        var values = new LinkedHashMap<String, Object>();
        putIfSet(values, "temperature", temperature);
        putIfSet(values, "topP", topP);
        putIfSet(values, "maxTokens", maxTokens);
        putIfSet(values, "stopSequences", stopSequences);
        putIfSet(values, "topK", topK);
        putIfSet(values, "anthropicVersion", anthropicVersion);
        putIfSet(values, "responseFormat", responseFormat);
        return values;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Number inRange(String member, Number value, double min, double max) {
        if (value != null && (Double.isNaN(value.doubleValue()) || value.doubleValue() < min || value.doubleValue() > max)) {
            throw new IllegalArgumentException(member + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    private static Number wholeAtLeast(String member, Number value, long min) {
        if (value != null && (value.doubleValue() != Math.rint(value.doubleValue()) || value.doubleValue() < min
                || value.doubleValue() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(member + " must be a whole number of at least " + min + ", was " + value);
        }
        return value;
    }

    public static final class Builder {
        private Number temperature;
        private Number topP;
        private Number maxTokens;
        private List<String> stopSequences;
        private Number topK;
        private String anthropicVersion;
        private Map<String, Object> responseFormat;

        public Builder temperature(Number temperature) {
            this.temperature = temperature;
            return this;
        }

        public Builder topP(Number topP) {
            this.topP = topP;
            return this;
        }

        public Builder maxTokens(Number maxTokens) {
            this.maxTokens = maxTokens;
            return this;
        }

        public Builder stopSequences(List<String> stopSequences) {
            this.stopSequences = stopSequences;
            return this;
        }

        public Builder topK(Number topK) {
            this.topK = topK;
            return this;
        }

        public Builder anthropicVersion(String anthropicVersion) {
            this.anthropicVersion = anthropicVersion;
            return this;
        }

        public Builder responseFormat(Map<String, Object> responseFormat) {
            this.responseFormat = responseFormat;
            return this;
        }

        public InferenceConfiguration build() {
            return new InferenceConfiguration(this);
        }
    }
}
