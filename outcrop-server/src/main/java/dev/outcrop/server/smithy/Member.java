package dev.outcrop.server.smithy;

/**
 * A member of a structure, union, list or map.
 *
 * @param name the member name (also its JSON name: these services use no {@code @jsonName})
 * @param target the target shape id
 * @param required {@code @required}
 * @param constraints the effective constraints: the target's, overridden by the member's own
 * @param binding where the member travels in an HTTP request
 * @param bindingName the query parameter or header name for {@code QUERY} and {@code HEADER} bindings
 */
public record Member(String name, String target, boolean required, Constraints constraints, Binding binding,
                     String bindingName) {

    /** The HTTP binding of a top-level input member. */
    public enum Binding {
        /** A member of the JSON body. */
        BODY,
        /** {@code @httpLabel}: a path segment. */
        LABEL,
        /** {@code @httpQuery}. */
        QUERY,
        /** {@code @httpHeader}. */
        HEADER,
        /** {@code @httpPayload}: the whole body. */
        PAYLOAD
    }
}
