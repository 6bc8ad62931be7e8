package dev.outcrop.server;

import static java.util.Objects.requireNonNull;

import dev.outcrop.context.RequestScope;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.InternalServerException;
import dev.outcrop.error.UnknownOperationException;
import dev.outcrop.server.http.RequestHandler;
import dev.outcrop.server.http.ResponseChannel;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.server.auth.Authenticator;
import dev.outcrop.server.auth.Caller;
import dev.outcrop.server.protocol.ErrorRenderer;
import dev.outcrop.server.protocol.EventStreamEncoder;
import dev.outcrop.server.protocol.Json;
import dev.outcrop.server.protocol.OperationInput;
import dev.outcrop.server.protocol.RequestBinder;
import dev.outcrop.server.protocol.Router;
import dev.outcrop.server.smithy.SmithyModel;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bedrock's HTTP API on top of the transport. One request goes through these stages, each one job:
 * route on the raw path, resolve the scope (region from the SigV4 credential scope), bind and validate
 * the input against the Smithy model, run the operation, render the answer or the error.
 */
public final class BedrockEndpoint implements RequestHandler {
    private static final Logger log = LoggerFactory.getLogger(BedrockEndpoint.class);
    /** The header every SDK reads the request id from. */
    public static final String REQUEST_ID_HEADER = "x-amzn-RequestId";

    private final SmithyModel model;
    private final Router router;
    private final RequestBinder binder;
    private final Map<String, OperationHandler> handlers;
    private final String partition;
    private final String accountId;
    private final String defaultRegion;
    private final Authenticator authenticator;

    private BedrockEndpoint(Builder builder) {
        SmithyModel model = requireNonNull(builder.model, "model");
        this.model = model;
        this.router = new Router(model.operations());
        this.binder = new RequestBinder(model);
        this.handlers = Map.copyOf(builder.handlers);
        this.partition = requireNonNull(builder.partition, "partition");
        this.accountId = requireNonNull(builder.accountId, "accountId");
        this.defaultRegion = requireNonNull(builder.defaultRegion, "defaultRegion");
        this.authenticator = requireNonNull(builder.authenticator, "authenticator");
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
    public void handle(WireRequest request, ResponseChannel response) {
        long startNanos = System.nanoTime();
        String requestId = dev.outcrop.util.RequestIds.next();
        Router.Match match = null;
        try {
            Caller caller = authenticator.authenticate(request);
            match = router.match(request.method(), request.rawPath());
            OperationHandler handler = handlers.get(match.operation().name());
            if (handler == null) {
                throw new UnknownOperationException("The Bedrock operation " + match.operation().name()
                        + " is not supported by Outcrop.");
            }
            RequestScope scope = new RequestScope(partition, accountId,
                    caller.region() != null ? caller.region() : defaultRegion);
            OperationInput input = binder.bind(match.operation(), match.labels(), request);
            Reply reply = handler.handle(new OperationCall(match.operation(), scope, requestId, input, request, startNanos,
                    caller));
            send(reply, match.operation().successCode(), requestId, response);
        } catch (BedrockException e) {
            sendError(e, status(match, e), requestId, response);
        } catch (RuntimeException | Error e) {
            log.error("request {} {} {} failed", requestId, request.method(), request.rawPath(), e);
            sendError(new InternalServerException("An internal error occurred. Request id: " + requestId + "."),
                    requestId, response);
        }
    }

    /** The status of an error as the operation's own service binds it, or the error's own. */
    private int status(Router.Match match, BedrockException error) {
        return match == null ? error.httpStatus()
                : model.errorStatus(match.operation(), error.errorType()).orElse(error.httpStatus());
    }

    /** Admits a request whose body is still arriving only once its head authenticates (as far as a head can). */
    @Override
    public boolean admit(WireRequest head, ResponseChannel response) {
        try {
            authenticator.admit(head);
            return true;
        } catch (BedrockException e) {
            sendError(e, dev.outcrop.util.RequestIds.next(), response);
            return false;
        } catch (RuntimeException | Error e) {
            String requestId = dev.outcrop.util.RequestIds.next();
            log.error("request {} {} {} failed", requestId, head.method(), head.rawPath(), e);
            sendError(new InternalServerException("An internal error occurred. Request id: " + requestId + "."),
                    requestId, response);
            return false;
        }
    }

    private void send(Reply reply, int successCode, String requestId, ResponseChannel response) {
        switch (reply) {
            case Reply.Json json -> response.send(successCode,
                    baseHeaders(requestId, "application/json"), Json.write(json.body()));
            case Reply.Bytes bytes -> {
                Map<String, String> headers = baseHeaders(requestId, bytes.contentType());
                headers.putAll(bytes.headers());
                response.send(successCode, headers, bytes.body());
            }
            case Reply.Stream stream -> {
                Map<String, String> headers = baseHeaders(requestId, "application/vnd.amazon.eventstream");
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
                    sink.sendQuietly(EventStreamEncoder.exception(new InternalServerException(
                            "An internal error occurred. Request id: " + requestId + ".")));
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

    private static void sendError(BedrockException error, String requestId, ResponseChannel response) {
        sendError(error, error.httpStatus(), requestId, response);
    }

    private static void sendError(BedrockException error, int status, String requestId, ResponseChannel response) {
        if (error.isServerFault() && error.getCause() != null) {
            if (error.getCause() instanceof java.io.IOException io) {
                // A backend refusing or dropping connections is an outage, not a bug: one line a call, no trace.
                log.warn("request {} failed: {} ({})", requestId, error.getMessage(), io.toString());
            } else {
                log.warn("request {} failed: {}", requestId, error.getMessage(), error.getCause());
            }
        }
        Map<String, String> headers = baseHeaders(requestId, "application/json");
        headers.putAll(ErrorRenderer.headers(error));
        if (error instanceof UnknownOperationException unknown && unknown.allowedMethods() != null) {
            headers.put("Allow", unknown.allowedMethods());
        }
        response.send(status, headers, ErrorRenderer.body(error));
    }

    private static Map<String, String> baseHeaders(String requestId, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(REQUEST_ID_HEADER, requestId);
        headers.put("Date", HttpDates.now());
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return headers;
    }

    /** Builds a {@link BedrockEndpoint}. */
    public static final class Builder {
        private final SmithyModel model;
        private final Map<String, OperationHandler> handlers = new HashMap<>();
        private String partition = "aws";
        private String accountId;
        private String defaultRegion = "us-east-1";
        private Authenticator authenticator;

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

        /** How requests are authenticated. */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /** Builds the endpoint. */
        public BedrockEndpoint build() {
            return new BedrockEndpoint(this);
        }
    }

    /** RFC 1123 dates for the {@code Date} header, formatted at most once a second. */
    private static final class HttpDates {
        private static volatile long cachedSecond = -1;
        private static volatile String cachedValue = "";

        static String now() {
            long second = System.currentTimeMillis() / 1000;
            if (second != cachedSecond) {
                cachedValue = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        ZonedDateTime.ofInstant(java.time.Instant.ofEpochSecond(second), ZoneOffset.UTC));
                cachedSecond = second;
            }
            return cachedValue;
        }
    }
}
