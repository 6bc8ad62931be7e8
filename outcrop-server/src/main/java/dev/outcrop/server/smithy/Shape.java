package dev.outcrop.server.smithy;

import java.util.Map;

/**
 * A shape of a Smithy model, reduced to what request binding and validation need. Members refer to
 * their targets by shape id, resolved through {@link SmithyModel#shape}, so recursive shapes need no
 * cyclic object graph.
 */
public sealed interface Shape {

    /** The shape id, e.g. {@code com.amazonaws.bedrock#Tag}. */
    String id();

    /** Constraints declared on the shape itself. */
    Constraints constraints();

    /** What kind of value a simple shape holds. */
    enum Kind { STRING, BOOLEAN, INTEGER, FLOAT, BLOB, TIMESTAMP, DOCUMENT, UNIT }

    /**
     * A scalar, a document or unit.
     *
     * @param number for {@code INTEGER} and {@code FLOAT}, the Smithy number type that bounds the value; else null
     */
    record Simple(String id, Kind kind, NumberType number, Constraints constraints) implements Shape {
        /** A shape that is not a number. */
        public Simple(String id, Kind kind, Constraints constraints) {
            this(id, kind, null, constraints);
        }
    }

    /** A structure, or a union (exactly one member set). */
    record Aggregate(String id, boolean union, Map<String, Member> members, Constraints constraints) implements Shape {}

    /** A list. */
    record ListShape(String id, Member member, Constraints constraints) implements Shape {}

    /** A map with string keys. */
    record MapShape(String id, Member key, Member value, Constraints constraints) implements Shape {}
}
