package dev.outcrop.profileconfig;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.OutputSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The inference configuration stored on an application profile, and how it is merged into a request made
 * through the profile. Every member is optional (null: the profile says nothing about that parameter).
 *
 * <p>What each mode means for a request (see {@link Mode}):
 * <ul>
 *   <li>{@code default}: a request that sends no value gets the profile's; one that sends a value keeps it;</li>
 *   <li>{@code limit} (maxTokens, temperature, topP, topK only): a request may send at most the profile's value
 *       and is refused above it; a request that sends none gets the limit, so a budget reserves against it and
 *       a backend's own default can never exceed it;</li>
 *   <li>{@code fixed}: a request that sends none gets the profile's value; one that sends the same value is
 *       served (clients that always send a parameter keep working); one that sends another is refused, the
 *       refusal naming the profile's value.</li>
 * </ul>
 * Stop sequences compare as sets; a response format compares by its schema.
 *
 * @param maxTokens the most tokens to generate (1 or more)
 * @param temperature 0..1
 * @param topP 0..1
 * @param topK 0 or more
 * @param stopSequences 1..2500 non-empty strings; default or fixed
 * @param anthropicVersion the {@code anthropic_version} native Anthropic bodies must carry; fixed only
 * @param responseFormat the JSON schema answers must conform to ({@code outputConfig}); default or fixed
 */
public record StoredInferenceConfig(Setting<Integer> maxTokens, Setting<Double> temperature, Setting<Double> topP,
                                    Setting<Integer> topK, Setting<List<String>> stopSequences,
                                    Setting<String> anthropicVersion, Setting<OutputSchema> responseFormat) {
    /** A profile without configuration. */
    public static final StoredInferenceConfig NONE = new StoredInferenceConfig(null, null, null, null, null, null, null);

    /** Copies the stop sequences. */
    public StoredInferenceConfig {
        if (stopSequences != null) {
            stopSequences = new Setting<>(List.copyOf(stopSequences.value()), stopSequences.mode());
        }
    }

    /** Whether the profile says nothing about any parameter. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * The request as it is served through the profile {@code profileArn}: the profile's defaults, limits and fixed
     * values merged into what the request sent.
     *
     * @param names where the request's wire form carries each parameter, for the refusal's message
     * @param anthropicVersion the {@code anthropic_version} a native Anthropic body sent, or null for other forms
     * @throws ValidationException naming every parameter that breaks a limit or differs from a fixed value
     */
    public ChatRequest apply(String profileArn, ChatRequest request, ParameterNames names, String anthropicVersion) {
        requireNonNull(profileArn, "profileArn");
        requireNonNull(names, "names");
        if (isEmpty()) {
            return request;
        }
        Merge merge = new Merge(profileArn);
        InferenceParameters sent = request.parameters();
        InferenceParameters merged = new InferenceParameters(
                merge.number(maxTokens, sent.maxTokens(), names.maxTokens()),
                merge.number(temperature, sent.temperature(), names.temperature()),
                merge.number(topP, sent.topP(), names.topP()),
                merge.number(topK, sent.topK(), names.topK()),
                merge.stopSequences(stopSequences, sent.stopSequences(), names.stopSequences()));
        OutputSchema schema = merge.responseFormat(responseFormat, request.outputSchema(), names.responseFormat());
        if (names.anthropicVersion() != null && anthropicVersion != null) {
            merge.anthropicVersion(this.anthropicVersion, anthropicVersion, names.anthropicVersion());
        }
        merge.check();
        if (merged.equals(sent) && schema == request.outputSchema()) {
            return request;
        }
        return new ChatRequest(request.system(), request.messages(), merged, request.tools(), request.toolChoice(),
                request.additionalFields(), schema, request.reportConfidence());
    }

    /** One merge: the refusals it found, thrown together by {@link #check}. */
    private static final class Merge {
        private static final int MAX_SHOWN = 128;
        private final String profileArn;
        private final List<String> violations = new ArrayList<>();

        Merge(String profileArn) {
            this.profileArn = profileArn;
        }

        <T extends Number & Comparable<T>> T number(Setting<T> setting, T sent, String member) {
            if (setting == null) {
                return sent;
            }
            if (sent == null) {
                return setting.value();
            }
            switch (setting.mode()) {
                case DEFAULT -> { }
                case LIMIT -> {
                    if (sent.compareTo(setting.value()) > 0) {
                        violations.add(violation(shown(sent), member, "Member must have value less than or equal to "
                                + shown(setting.value()) + ", the limit set by inference profile " + profileArn));
                    }
                }
                case FIXED -> {
                    if (sent.compareTo(setting.value()) != 0) {
                        violations.add(violation(shown(sent), member, fixed(shown(setting.value()))));
                    }
                }
            }
            return sent;
        }

        List<String> stopSequences(Setting<List<String>> setting, List<String> sent, String member) {
            if (setting == null) {
                return sent;
            }
            if (sent.isEmpty()) {
                return setting.value();
            }
            if (setting.mode() == Mode.FIXED && !new HashSet<>(sent).equals(new HashSet<>(setting.value()))) {
                violations.add(violation(String.valueOf(sent), member, fixed(String.valueOf(setting.value()))));
            }
            return sent;
        }

        OutputSchema responseFormat(Setting<OutputSchema> setting, OutputSchema sent, String member) {
            if (setting == null) {
                return sent;
            }
            if (sent == null) {
                return setting.value();
            }
            if (setting.mode() == Mode.FIXED && !sent.schema().equals(setting.value().schema())) {
                // The schema is sensitive in Bedrock's model: the refusal names the member, never a value.
                violations.add("Value at '" + member + "' failed to satisfy constraint: Member must be the JSON schema "
                        + "fixed by inference profile " + profileArn);
            }
            return sent;
        }

        void anthropicVersion(Setting<String> setting, String sent, String member) {
            if (setting != null && !Objects.equals(setting.value(), sent)) {
                violations.add(violation(sent, member, fixed(setting.value())));
            }
        }

        private String fixed(String value) {
            return "Member must equal " + value + ", the value fixed by inference profile " + profileArn;
        }

        void check() {
            if (!violations.isEmpty()) {
                throw new ValidationException((violations.size() == 1 ? "1 validation error detected: "
                        : violations.size() + " validation errors detected: ") + String.join("; ", violations));
            }
        }

        private static String violation(String value, String member, String constraint) {
            // A request's own strings are echoed shortened, as AWS shortens long values in its messages.
            String shown = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value;
            return "Value '" + shown + "' at '" + member + "' failed to satisfy constraint: " + constraint;
        }

        private static String shown(Number number) {
            return number instanceof Double d ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
                    : number.toString();
        }
    }
}
