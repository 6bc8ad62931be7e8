package dev.outcrop.server.runtime;

import static java.util.Objects.requireNonNull;

import dev.outcrop.catalog.Catalog;
import dev.outcrop.server.BedrockEndpoint;

/**
 * The runtime operations, each its codec and answer sink run through the one {@link ModelCall} pipeline:
 * {@code Converse}, {@code ConverseStream}, {@code InvokeModel}, {@code InvokeModelWithResponseStream} and
 * {@code CountTokens}.
 */
public final class RuntimeOperations {
    /** The response header naming the region that served the answer. */
    public static final String SERVED_REGION_HEADER = "x-outcrop-served-region";
    /** The response header with the milliseconds Outcrop itself took (the rest was the model's). */
    public static final String OVERHEAD_HEADER = "x-outcrop-overhead-ms";

    private final ModelCall calls;
    private final Catalog catalog;

    /** Creates the operations over the pipeline. */
    public RuntimeOperations(ModelCall calls, Catalog catalog) {
        this.calls = requireNonNull(calls, "calls");
        this.catalog = requireNonNull(catalog, "catalog");
    }

    /** Binds the operations to an endpoint. */
    public void register(BedrockEndpoint.Builder endpoint) {
        bind(endpoint, "Converse", new ConverseOperation(catalog));
        bind(endpoint, "ConverseStream", new ConverseStreamOperation(catalog));
        bind(endpoint, "InvokeModel", new InvokeModelOperation(catalog));
        bind(endpoint, "InvokeModelWithResponseStream", new InvokeStreamOperation(catalog));
        bind(endpoint, "CountTokens", new CountTokensOperation());
    }

    private void bind(BedrockEndpoint.Builder endpoint, String name, ModelOperation operation) {
        endpoint.operation(name, call -> calls.run(call, operation));
    }
}
