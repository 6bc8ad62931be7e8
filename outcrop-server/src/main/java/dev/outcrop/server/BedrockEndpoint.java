package dev.outcrop.server;

import static java.util.Objects.requireNonNull;

import dev.outcrop.context.RequestScope;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.UnknownOperationException;
import dev.outcrop.server.http.ResponseChannel;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.server.auth.Caller;
import dev.outcrop.server.edge.EdgeService;
import dev.outcrop.server.edge.ErrorBoundary;
import dev.outcrop.server.edge.Exchange;
import dev.outcrop.server.protocol.EventStreamEncoder;
import dev.outcrop.server.protocol.Json;
import dev.outcrop.server.protocol.OperationInput;
import dev.outcrop.server.protocol.RequestBinder;
import dev.outcrop.server.protocol.Router;
import dev.outcrop.server.smithy.SmithyModel;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bedrock's HTTP API behind the {@link dev.outcrop.server.edge.Edge} (which gives a request its id, its caller
 * and renders its errors). One request goes through these stages, each one job: route on the raw path, resolve
 * the scope (region from the SigV4 credential scope), bind and validate the input against the Smithy model, run
 * the operation, render the answer.
 */
public final class BedrockEndpoint implements EdgeService {
    private static final Logger log = LoggerFactory.getLogger(BedrockEndpoint.class);

    private final Router router;
    private final RequestBinder binder;
    private final Map<String, OperationHandler> handlers;
    private final String partition;
    private final String accountId;
    private final String defaultRegion;

    private BedrockEndpoint(Builder builder) {
        SmithyModel model = requireNonNull(builder.model, "model");
        this.router = new Router(model.operations());
        this.binder = new RequestBinder(model);
        this.handlers = Map.copyOf(builder.handlers);
        this.partition = requireNonNull(builder.partition, "partition");
        this.accountId = requireNonNull(builder.accountId, "accountId");
        this.defaultRegion = requireNonNull(builder.defaultRegion, "defaultRegion");
        for (String name : handlers.keySet()) {
            if (model.operation(name).isEmpty()) {
                throw new IllegalArgumentException("no operation named " + name + " in the Bedrock models");
            }
        }
    }

    /** Starts building an endpoint over the Bedrock models. */
    public static Builder builder(SmithyModel model) {
        return new Builder(model);
    }

    @Override
    public void serve(Exchange exchange) {
        WireRequest request = exchange.request();
        Caller caller = exchange.caller();
        Router.Match match = router.match(request.method(), request.rawPath());
        OperationHandler handler = handlers.get(match.operation().name());
        if (handler == null) {
            throw new UnknownOperationException("The Bedrock operation " + match.operation().name()
                    + " is not supported by Outcrop.");
        }
        RequestScope scope = new RequestScope(partition, accountId,
                caller.region() != null ? caller.region() : defaultRegion);
        OperationInput input = binder.bind(match.operation(), match.labels(), request);
        Reply reply = handler.handle(new OperationCall(match.operation(), scope, exchange.requestId(), input, request,
                exchange.startNanos(), caller));
        send(reply, match.operation().successCode(), exchange);
    }

    private void send(Reply reply, int successCode, Exchange exchange) {
        String requestId = exchange.requestId();
        ResponseChannel response = exchange.response();
        switch (reply) {
            case Reply.Json json -> response.send(successCode,
                    exchange.headers("application/json"), Json.write(json.body()));
            case Reply.Bytes bytes -> {
                Map<String, String> headers = exchange.headers(bytes.contentType());
                headers.putAll(bytes.headers());
                response.send(successCode, headers, bytes.body());
            }
            case Reply.Stream stream -> {
                Map<String, String> headers = exchange.headers("application/vnd.amazon.eventstream");
                headers.putAll(stream.headers());
                LazyStream sink = new LazyStream(response, successCode, headers);
                try {
                    stream.body().writeTo(sink);
                } catch (ResponseChannel.ClientGoneException e) {
                    log.debug("request {}: client went away mid-stream", requestId);
                } catch (BedrockException e) {
                    if (!sink.started()) {
                        throw e;
                    }
                    sink.sendQuietly(EventStreamEncoder.exception(e));
                } catch (RuntimeException e) {
                    if (!sink.started()) {
                        throw e;
                    }
                    log.error("request {} failed mid-stream", requestId, e);
                    sink.sendQuietly(EventStreamEncoder.exception(ErrorBoundary.internalError(requestId)));
                } finally {
                    sink.end();
                }
            }
        }
    }

    /** Commits the streamed response with its first frame. */
    private static final class LazyStream implements Reply.EventSink {
        private final ResponseChannel response;
        private final int status;
        private final Map<String, String> headers;
        private ResponseChannel.StreamWriter writer;

        LazyStream(ResponseChannel response, int status, Map<String, String> headers) {
            this.response = response;
            this.status = status;
            this.headers = headers;
        }

        @Override
        public void header(String name, String value) {
            if (writer == null) {
                headers.put(name, value);
            }
        }

        @Override
        public void send(byte[] frame) {
            if (writer == null) {
                writer = response.startStream(status, headers);
            }
            writer.write(frame);
        }

        @Override
        public boolean isOpen() {
            return writer == null || writer.isOpen();
        }

        boolean started() {
            return writer != null;
        }

        void sendQuietly(byte[] frame) {
            try {
                send(frame);
            } catch (ResponseChannel.ClientGoneException e) {
                // nobody left to tell
            }
        }

        void end() {
            if (writer != null) {
                writer.end();
            }
        }
    }

    /** Builds a {@link BedrockEndpoint}. */
    public static final class Builder {
        private final SmithyModel model;
        private final Map<String, OperationHandler> handlers = new HashMap<>();
        private String partition = "aws";
        private String accountId;
        private String defaultRegion = "us-east-1";

        private Builder(SmithyModel model) {
            this.model = model;
        }

        /** Binds an operation, by its Smithy name, to its handler. */
        public Builder operation(String name, OperationHandler handler) {
            if (handlers.putIfAbsent(name, requireNonNull(handler, "handler")) != null) {
                throw new IllegalArgumentException("operation bound twice: " + name);
            }
            return this;
        }

        /** The partition of the ARNs Outcrop issues (default {@code aws}). */
        public Builder partition(String partition) {
            this.partition = partition;
            return this;
        }

        /** The account id of the ARNs Outcrop issues. */
        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        /** The region of requests that carry no SigV4 credential scope (default {@code us-east-1}). */
        public Builder defaultRegion(String defaultRegion) {
            this.defaultRegion = defaultRegion;
            return this;
        }

        /** Builds the endpoint. */
        public BedrockEndpoint build() {
            return new BedrockEndpoint(this);
        }
    }
}
