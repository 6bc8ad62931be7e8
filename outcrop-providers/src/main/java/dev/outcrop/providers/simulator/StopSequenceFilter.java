package dev.outcrop.providers.simulator;

import java.util.List;

/**
 * Cuts generated text at the first stop sequence, without ever letting part of a stop sequence out:
 * text that could still be the start of one is held back until the next piece decides.
 */
final class StopSequenceFilter {
    private final List<String> stopSequences;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;
    private String matched;

    StopSequenceFilter(List<String> stopSequences) {
        this.stopSequences = stopSequences;
    }

    /** Adds a piece; returns the text that is now certainly part of the answer (maybe empty). */
    String offer(String piece) {
        if (stopped) {
            return "";
        }
        pending.append(piece);
        int cut = -1;
        for (String stop : stopSequences) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (cut < 0 || at < cut)) {
                cut = at;
                matched = stop;
            }
        }
        if (cut >= 0) {
            stopped = true;
            String out = pending.substring(0, cut);
            pending.setLength(0);
            return out;
        }
        int keep = longestSuffixThatStartsAStop();
        String out = pending.substring(0, pending.length() - keep);
        pending.delete(0, pending.length() - keep);
        return out;
    }

    /** Whether a stop sequence was generated. */
    boolean stopped() {
        return stopped;
    }

    /** The stop sequence that was generated, or null. */
    String matched() {
        return matched;
    }

    /** What was held back, released when the answer ends without a stop sequence. */
    String flush() {
        String out = stopped ? "" : pending.toString();
        pending.setLength(0);
        return out;
    }

    private int longestSuffixThatStartsAStop() {
        int longest = 0;
        for (String stop : stopSequences) {
            for (int length = Math.min(stop.length() - 1, pending.length()); length > longest; length--) {
                if (pending.toString().regionMatches(pending.length() - length, stop, 0, length)) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
