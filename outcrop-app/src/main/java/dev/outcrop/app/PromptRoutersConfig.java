package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.router.CascadeCheck;
import dev.outcrop.router.DecisionHeader;
import java.util.List;
import java.util.Set;

/**
 * Prompt routers ({@code promptRouters}; docs/prompt-routers.md): when an answer shows the router's decision, and
 * which custom routers cascade.
 *
 * @param decisionHeader when a routed call's answer carries {@code x-outcrop-router-decision}
 * @param cascade custom routers (ARNs) set to cascade when a node starts
 * @param escalateOn what the routers of {@code cascade} check the cheaper model's answer for
 * @param minConfidence with {@code low-confidence} among {@code escalateOn}, the least mean token probability a
 *        cheaper answer passes with
 */
public record PromptRoutersConfig(DecisionHeaderChoice decisionHeader, List<String> cascade, List<String> escalateOn,
                                  Double minConfidence) {
    static final ConfigOption<DecisionHeaderChoice> DECISION_HEADER = ConfigOption.choice("decisionHeader",
            DecisionHeaderChoice.ON_REQUEST, "when a routed call's answer carries the x-outcrop-router-decision header "
                    + "(scores and feature contributions, never the request's text): never, onRequest (the caller "
                    + "sends x-outcrop-router-debug: decision) or always");
    static final ConfigOption<List<String>> CASCADE = ConfigOption.list("cascade", "custom router ARNs", List.of(),
            "custom routers set to cascade when a node starts: the cheaper model answers first, the stronger one "
                    + "when that answer fails a check of escalateOn");
    static final ConfigOption<List<String>> ESCALATE_ON = ConfigOption.list("escalateOn", "checks",
            CascadeCheck.sorted(CascadeCheck.DEFAULTS), "what the routers of cascade check the cheaper answer for: "
                    + CascadeCheck.names());
    static final ConfigOption<Double> MIN_CONFIDENCE = ConfigOption.number("minConfidence",
            CascadeCheck.DEFAULT_MIN_CONFIDENCE, "with low-confidence among escalateOn: the least mean token "
                    + "probability (from the backend's logprobs) a cheaper answer passes with, between 0 and 1");
    static final ConfigSection SECTION = new ConfigSection("promptRouters", PromptRoutersConfig.class,
            List.of(DECISION_HEADER, CASCADE, ESCALATE_ON, MIN_CONFIDENCE));
    static final PromptRoutersConfig DEFAULT = new PromptRoutersConfig(null, null, null, null);

    /** When an answer shows the decision. */
    public enum DecisionHeaderChoice implements ConfigChoice {
        NEVER("never", DecisionHeader.NEVER), ON_REQUEST("onRequest", DecisionHeader.ON_REQUEST),
        ALWAYS("always", DecisionHeader.ALWAYS);

        private final String configName;
        private final DecisionHeader policy;

        DecisionHeaderChoice(String configName, DecisionHeader policy) {
            this.configName = configName;
            this.policy = policy;
        }

        @Override
        public String configName() {
            return configName;
        }

        DecisionHeader policy() {
            return policy;
        }
    }

    /** Fills absent members with their defaults. */
    @JsonCreator
    public PromptRoutersConfig(@JsonProperty("decisionHeader") DecisionHeaderChoice decisionHeader,
                               @JsonProperty("cascade") List<String> cascade,
                               @JsonProperty("escalateOn") List<String> escalateOn,
                               @JsonProperty("minConfidence") Double minConfidence) {
        this.decisionHeader = DECISION_HEADER.or(decisionHeader);
        this.cascade = List.copyOf(CASCADE.or(cascade));
        this.escalateOn = List.copyOf(ESCALATE_ON.or(escalateOn));
        this.minConfidence = MIN_CONFIDENCE.or(minConfidence);
    }

    /** The checks of {@code escalateOn}; valid once {@link #validate} found no problem. */
    Set<CascadeCheck> checks() {
        return CascadeCheck.parse(String.join(",", escalateOn));
    }

    void validate(List<String> errors) {
        for (int i = 0; i < cascade.size(); i++) {
            String arn = cascade.get(i);
            boolean custom = Arn.parse(arn).map(a -> a.service().equals("bedrock")
                    && a.resourceType().equals(ResourceTypes.PROMPT_ROUTER)).orElse(false);
            if (!custom) {
                errors.add("promptRouters.cascade[" + i + "]: '" + arn + "' is not a custom prompt router ARN "
                        + "(arn:aws:bedrock:REGION:ACCOUNT:prompt-router/ID)");
            }
        }
        if (escalateOn.isEmpty()) {
            errors.add("promptRouters.escalateOn: empty (expected one or more of: " + CascadeCheck.names() + ")");
        }
        if (!(minConfidence > 0 && minConfidence < 1)) {
            errors.add("promptRouters.minConfidence: " + minConfidence + " (expected a number between 0 and 1)");
        }
        for (int i = 0; i < escalateOn.size(); i++) {
            try {
                CascadeCheck.of(escalateOn.get(i));
            } catch (IllegalArgumentException e) {
                errors.add("promptRouters.escalateOn[" + i + "]: " + e.getMessage());
            }
        }
    }
}
