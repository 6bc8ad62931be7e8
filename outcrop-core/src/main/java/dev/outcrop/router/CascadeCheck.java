package dev.outcrop.router;

import dev.outcrop.invoke.AnswerConfidence;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.invoke.StopReason;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a cascading router checks the cheaper model's answer for before returning it; an answer that fails one is
 * set aside (and metered) and the stronger model is asked instead.
 */
public enum CascadeCheck {
    /** The model declined: its answer opens with a refusal, or a content filter stopped it. */
    REFUSAL("refusal"),
    /** The answer was cut off at the caller's {@code maxTokens} (stop reason {@code max_tokens}). */
    TRUNCATION("truncation"),
    /**
     * The request asked for JSON of a schema ({@code outputConfig}) and the answer is not such JSON (a backend that
     * does not constrain its output failed the check already, which counts the same).
     */
    INVALID_OUTPUT("invalid-output"),
    /**
     * The backend's log-probabilities for the answer's tokens put its mean token probability
     * ({@link AnswerConfidence#meanProbability}) below the router's {@code minConfidence}. An answer whose backend
     * reports none (Bedrock, the simulator, a server that ignores {@code logprobs}) passes: there is nothing to judge.
     */
    LOW_CONFIDENCE("low-confidence"),
    /** The cheaper model's call failed (throttled everywhere, a model error, a backend down). */
    ERROR("error");

    /** The {@code minConfidence} of a router that checks {@link #LOW_CONFIDENCE} configured without one. */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

    /** The checks of a cascading router configured without a list. */
    public static final Set<CascadeCheck> DEFAULTS = Set.copyOf(EnumSet.of(REFUSAL, TRUNCATION, INVALID_OUTPUT, ERROR));

    /**
     * How an answer that declines opens, in the first 200 characters (case ignored): the phrases chat models
     * use when they refuse, not a classifier.
     */
    private static final Pattern REFUSAL_OPENING = Pattern.compile(
            "^\\W*(i'?m sorry,? but|i am sorry,? but|sorry,? (but )?i (can(not|'t)|am unable|'m unable)"
                    + "|i (cannot|can't|can not|won't|will not|am unable to|'m unable to|am not able to|'m not able to)"
                    + " (help|assist|comply|provide|do that|answer|fulfil|fulfill|complete)"
                    + "|as an ai\\b.{0,40}\\b(cannot|can't|unable))",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final String wire;

    CascadeCheck(String wire) {
        this.wire = wire;
    }

    /** The check's name in the admin API, the CLI and the configuration file. */
    public String wire() {
        return wire;
    }

    /**
     * The check a name denotes.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static CascadeCheck of(String name) {
        for (CascadeCheck check : values()) {
            if (check.wire.equals(name)) {
                return check;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a cascade check (expected one of: " + names() + ")");
    }

    /** The accepted names, comma-separated. */
    public static String names() {
        return String.join(", ", java.util.Arrays.stream(values()).map(CascadeCheck::wire).toList());
    }

    /** The checks a comma-separated list names; empty text is no check. */
    public static Set<CascadeCheck> parse(String list) {
        Set<CascadeCheck> checks = EnumSet.noneOf(CascadeCheck.class);
        if (list != null && !list.isBlank()) {
            for (String name : list.split(",")) {
                checks.add(of(name.strip().toLowerCase(Locale.ROOT)));
            }
        }
        return Set.copyOf(checks);
    }

    /** The checks as a comma-separated list, in declaration order. */
    public static String format(Set<CascadeCheck> checks) {
        return String.join(",", sorted(checks));
    }

    /** The checks' names in declaration order. */
    public static List<String> sorted(Set<CascadeCheck> checks) {
        return java.util.Arrays.stream(values()).filter(checks::contains).map(CascadeCheck::wire).toList();
    }

    /**
     * The first of {@code checks} that {@code answer} (to {@code request}) fails, in declaration order, or empty when
     * it may be returned. A failed call is checked by {@link #ERROR} (and {@link #INVALID_OUTPUT}, for an answer that
     * broke its schema) by the caller, which knows why it failed.
     */
    public static Optional<CascadeCheck> failing(Set<CascadeCheck> checks, ChatRequest request, ChatResult answer) {
        return failing(checks, 0, request, answer, null);
    }

    /**
     * As {@link #failing(Set, ChatRequest, ChatResult)}, with what the backend reported of the answer's tokens
     * ({@code confidence}, or null) for {@link #LOW_CONFIDENCE}, failing below {@code minConfidence}.
     */
    public static Optional<CascadeCheck> failing(Set<CascadeCheck> checks, double minConfidence, ChatRequest request,
                                                 ChatResult answer, AnswerConfidence confidence) {
        if (checks.contains(REFUSAL) && refuses(answer)) {
            return Optional.of(REFUSAL);
        }
        if (checks.contains(TRUNCATION) && answer.stopReason() == StopReason.MAX_TOKENS) {
            return Optional.of(TRUNCATION);
        }
        if (checks.contains(INVALID_OUTPUT) && request.outputSchema() != null
                && answer.stopReason() != StopReason.TOOL_USE
                && !request.outputSchema().violations(answer.text()).isEmpty()) {
            return Optional.of(INVALID_OUTPUT);
        }
        if (checks.contains(LOW_CONFIDENCE) && confidence != null && confidence.meanProbability() < minConfidence) {
            return Optional.of(LOW_CONFIDENCE);
        }
        return Optional.empty();
    }

    private static boolean refuses(ChatResult answer) {
        if (answer.stopReason() == StopReason.CONTENT_FILTERED) {
            return true;
        }
        String text = answer.text();
        return REFUSAL_OPENING.matcher(text.substring(0, Math.min(200, text.length()))).find();
    }
}
