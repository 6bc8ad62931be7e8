package dev.outcrop.router;

import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the built-in predictor reads from a request, each feature scaled to 0..1: how long the conversation is,
 * how many turns it has, whether it asks for code, mathematics or reasoning in several steps, whether tools are
 * offered, how long an answer it asks for, and whether it is written mostly outside the Latin alphabet.
 */
final class RequestFeatures {
    /** Text this long or longer counts as fully long (log scale: 100,000 characters). */
    private static final double LONG_TEXT_LOG10 = 5;
    private static final int MANY_TURNS = 6;
    private static final double LONG_ANSWER_TOKENS = 4096;
    /** The share of an answer's length assumed when the request sets no maxTokens. */
    private static final double UNSET_OUTPUT_LENGTH = 0.25;
    /** Cues found this many times count fully. */
    private static final int CUES_FOR_FULL = 3;

    private RequestFeatures() {}

    /** The features of {@code request}, named as in the weights file, in a stable order. */
    static Map<String, Double> of(ChatRequest request, Map<String, List<String>> cues) {
        StringBuilder text = new StringBuilder();
        request.system().forEach(s -> text.append(s).append('\n'));
        int userTurns = 0;
        for (Message message : request.messages()) {
            text.append(message.text()).append('\n');
            if (message.role().equals("user")) {
                userTurns++;
            }
        }
        String all = text.toString();
        String lower = all.toLowerCase(Locale.ROOT);
        Map<String, Double> features = new LinkedHashMap<>();
        features.put("length", Math.min(1, Math.log10(all.length() + 1) / LONG_TEXT_LOG10));
        features.put("turns", Math.min(1, Math.max(0, userTurns - 1) / (double) MANY_TURNS));
        for (String kind : List.of("code", "mathematics", "reasoning")) {
            features.put(kind, cueShare(all, lower, cues.getOrDefault(kind, List.of())));
        }
        features.put("tools", request.tools().isEmpty() ? 0.0 : 1.0);
        Integer maxTokens = request.parameters().maxTokens();
        features.put("outputLength", maxTokens == null ? UNSET_OUTPUT_LENGTH : Math.min(1, maxTokens / LONG_ANSWER_TOKENS));
        features.put("language", nonLatinShare(all));
        return features;
    }

    private static double cueShare(String text, String lower, List<String> cues) {
        int found = 0;
        for (String cue : cues) {
            // Cues with capitals (SELECT) are matched as written; the rest in any case.
            String haystack = cue.equals(cue.toLowerCase(Locale.ROOT)) ? lower : text;
            for (int at = haystack.indexOf(cue); at >= 0 && found < CUES_FOR_FULL; at = haystack.indexOf(cue, at + 1)) {
                found++;
            }
        }
        return Math.min(1, found / (double) CUES_FOR_FULL);
    }

    private static double nonLatinShare(String text) {
        int letters = 0;
        int nonLatin = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.UnicodeScript.of(c) != Character.UnicodeScript.LATIN) {
                    nonLatin++;
                }
            }
        }
        return letters == 0 ? 0 : nonLatin / (double) letters;
    }
}
