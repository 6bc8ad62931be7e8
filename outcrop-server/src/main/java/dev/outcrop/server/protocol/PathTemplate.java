package dev.outcrop.server.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A URI path template such as {@code /model/{modelId}/converse}, matched against a <em>raw</em> path: the
 * path is split at {@code /} before any decoding, so a percent-encoded {@code %2F} inside a label stays in
 * that label; labels are decoded only once the template matched.
 */
public final class PathTemplate {
    private final List<String> segments;

    private PathTemplate(List<String> segments) {
        this.segments = List.copyOf(segments);
    }

    /** Parses a template; {@code {name}} segments are labels. */
    public static PathTemplate parse(String template) {
        return new PathTemplate(split(template));
    }

    /** The non-empty segments of a raw path. */
    public static List<String> split(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    /** How many literal (non-label) segments the template has: more literals match more specifically. */
    public long literals() {
        return segments.stream().filter(s -> !isLabel(s)).count();
    }

    /**
     * Matches the segments of a raw path.
     *
     * @return the decoded labels, or null when the path does not match
     * @throws dev.outcrop.error.ValidationException when a matching path has a malformed escape
     */
    public Map<String, String> match(List<String> rawSegments) {
        if (segments.size() != rawSegments.size()) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            if (isLabel(expected)) {
                labels.put(expected.substring(1, expected.length() - 1), rawSegments.get(i));
            } else if (!expected.equals(rawSegments.get(i))) {
                return null;
            }
        }
        labels.replaceAll((name, raw) -> PathCodec.decodeSegment(raw));
        return labels;
    }

    private static boolean isLabel(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }
}
