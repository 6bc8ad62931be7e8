package dev.outcrop.iam;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one authorization question is about: the action, the resource, and the context keys
 * ({@code aws:username}, {@code bedrock:InferenceProfileArn}, {@code aws:ResourceTag/team}, ...), each with
 * one or more values. Condition keys are case-insensitive, as in IAM.
 */
public final class RequestContext {
    private static final int LOWER_CASE_LIMIT = 4096;
    private static final Map<String, String> LOWER_CASE = new ConcurrentHashMap<>();

    private final String action;
    private final String resource;
    private final Map<String, List<String>> keys;

    private RequestContext(String action, String resource, Map<String, List<String>> keys) {
        this.action = action;
        this.resource = resource;
        this.keys = keys;
    }

    /** A context for {@code action} on {@code resource}. */
    public static Builder of(String action, String resource) {
        return new Builder(requireNonNull(action, "action"), requireNonNull(resource, "resource"));
    }

    /** The action, e.g. {@code bedrock:InvokeModel}. */
    public String action() {
        return action;
    }

    /** The resource ARN (or {@code *} for actions on no resource). */
    public String resource() {
        return resource;
    }

    /** The values of a context key, or null when the request does not have it. */
    public List<String> values(String key) {
        return keys.get(lowerCase(key));
    }

    /**
     * A key in lower case. Key names come from a small set (the global and service keys, and tag keys), and
     * every request asks for the same ones, so their lower-case forms are kept rather than made each time.
     */
    static String lowerCase(String key) {
        String lower = LOWER_CASE.get(key);
        if (lower == null) {
            lower = key.toLowerCase(Locale.ROOT);
            if (LOWER_CASE.size() < LOWER_CASE_LIMIT) {
                LOWER_CASE.put(key, lower);
            }
        }
        return lower;
    }

    /** This context for another resource (the same keys). */
    public RequestContext withResource(String newResource) {
        return new RequestContext(action, newResource, keys);
    }

    /** Builds a {@link RequestContext}. */
    public static final class Builder {
        private final String action;
        private final String resource;
        /** Handed to the context by {@link #build()}, after which the builder takes no more keys. */
        private Map<String, List<String>> keys = new HashMap<>(32);

        private Builder(String action, String resource) {
            this.action = action;
            this.resource = resource;
        }

        /** Sets a single-valued key; a null value leaves the key absent. */
        public Builder key(String key, String value) {
            if (value != null) {
                keys.put(lowerCase(key), List.of(value));
            }
            return this;
        }

        /** Sets a multivalued key (for {@code ForAnyValue:} / {@code ForAllValues:}). */
        public Builder key(String key, List<String> values) {
            keys.put(lowerCase(key), List.copyOf(values));
            return this;
        }

        /** Builds the context. */
        public RequestContext build() {
            Map<String, List<String>> built = requireNonNull(keys, "built already");
            keys = null;
            return new RequestContext(action, resource, built);
        }
    }
}
