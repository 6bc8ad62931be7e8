package dev.outcrop.iam;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one authorization question is about: the action, the resource, and the context keys
 * ({@code aws:username}, {@code bedrock:InferenceProfileArn}, {@code aws:ResourceTag/team}, ...), each with
 * one or more values. Condition keys are case-insensitive, as in IAM.
 */
public final class RequestContext {
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
        return keys.get(key.toLowerCase(Locale.ROOT));
    }

    /** This context for another resource (the same keys). */
    public RequestContext withResource(String newResource) {
        return new RequestContext(action, newResource, keys);
    }

    /** Builds a {@link RequestContext}. */
    public static final class Builder {
        private final String action;
        private final String resource;
        private final Map<String, List<String>> keys = new TreeMap<>();

        private Builder(String action, String resource) {
            this.action = action;
            this.resource = resource;
        }

        /** Sets a single-valued key; a null value leaves the key absent. */
        public Builder key(String key, String value) {
            if (value != null) {
                keys.put(key.toLowerCase(Locale.ROOT), List.of(value));
            }
            return this;
        }

        /** Sets a multivalued key (for {@code ForAnyValue:} / {@code ForAllValues:}). */
        public Builder key(String key, List<String> values) {
            keys.put(key.toLowerCase(Locale.ROOT), List.copyOf(values));
            return this;
        }

        /** Builds the context. */
        public RequestContext build() {
            return new RequestContext(action, resource, Map.copyOf(keys));
        }
    }
}
