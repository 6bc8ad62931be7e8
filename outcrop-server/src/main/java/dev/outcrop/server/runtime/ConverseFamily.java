package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.server.OperationCall;

/**
 * What {@code Converse} and {@code ConverseStream} share: the request's members read by {@link ConverseCodec}, and
 * the model's own response fields the caller may ask for ({@code additionalModelResponseFieldPaths}). They differ
 * only in how the answer goes out.
 */
abstract sealed class ConverseFamily implements ModelOperation permits ConverseOperation, ConverseStreamOperation {
    private final Catalog catalog;

    ConverseFamily(Catalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog");
    }

    @Override
    public final ChatRequest parse(RuntimeCall call) {
        return ConverseCodec.request(call.wire().input().members());
    }

    /** A call through a prompt is a call of this operation, answered as any. */
    @Override
    public final ModelOperation throughPrompt() {
        return this;
    }

    /** The caller's own members: {@code promptVariables} and what the prompt leaves to the request. */
    @Override
    public final ObjectNode promptMembers(OperationCall wire) {
        return wire.input().members();
    }

    /** The response fields the call asked for from its target's model, or null when it asked none. */
    final ResponseFields responseFields(RuntimeCall call) {
        return ResponseFields.of(call.wire().input().members(), catalog, call.target());
    }

    /** Adds {@code additionalModelResponseFields} to {@code payload} when the call asked for fields that the answer has. */
    static void addResponseFields(ObjectNode payload, ResponseFields fields, ChatResult result) {
        ObjectNode selected = fields == null ? null : fields.select(result);
        if (selected != null) {
            payload.set("additionalModelResponseFields", selected);
        }
    }
}
