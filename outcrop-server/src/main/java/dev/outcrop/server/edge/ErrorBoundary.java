package dev.outcrop.server.edge;

import dev.outcrop.error.BedrockException;
import dev.outcrop.error.InternalServerException;
import dev.outcrop.error.UnknownOperationException;
import dev.outcrop.server.protocol.ErrorRenderer;
import java.io.IOException;
import dev.outcrop.server.http.WireRequest;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error path: a {@link BedrockException} from anything inside becomes Bedrock's error answer, anything
 * else is logged with its trace and answered as an internal error that names only the request id.
 */
public final class ErrorBoundary implements EdgeDecorator {
    private static final Logger log = LoggerFactory.getLogger(ErrorBoundary.class);
    private final Function<WireRequest, EdgeService.ErrorWriter> writers;

    /** An error path that answers every error in Bedrock's shape. */
    public ErrorBoundary() {
        this(head -> null);
    }

    /** An error path that asks {@code writers} how to write the errors of a request (null: Bedrock's shape). */
    public ErrorBoundary(Function<WireRequest, EdgeService.ErrorWriter> writers) {
        this.writers = java.util.Objects.requireNonNull(writers, "writers");
    }

    @Override
    public void handle(Exchange exchange, Next next) {
        try {
            next.handle(exchange);
        } catch (BedrockException e) {
            send(exchange, e);
        } catch (RuntimeException | Error e) {
            send(exchange, unexpected(exchange, e));
        }
    }

    @Override
    public boolean admit(Exchange exchange, Next next) {
        try {
            return next.admit(exchange);
        } catch (BedrockException e) {
            send(exchange, e);
        } catch (RuntimeException | Error e) {
            send(exchange, unexpected(exchange, e));
        }
        return false;
    }

    /** Logs a failure nobody expected and returns what the client is told of it. */
    public static InternalServerException unexpected(Exchange exchange, Throwable failure) {
        log.error("request {} {} {} failed", exchange.requestId(), exchange.request().method(),
                exchange.request().rawPath(), failure);
        return internalError(exchange.requestId());
    }

    /** What a client is told of a failure nobody expected: that it happened, and which request it was. */
    public static InternalServerException internalError(String requestId) {
        return new InternalServerException("An internal error occurred. Request id: " + requestId + ".");
    }

    private void send(Exchange exchange, BedrockException error) {
        if (error.isServerFault() && error.getCause() != null) {
            if (error.getCause() instanceof IOException io) {
                // A backend refusing or dropping connections is an outage, not a bug: one line a call, no trace.
                log.warn("request {} failed: {} ({})", exchange.requestId(), error.getMessage(), io.toString());
            } else {
                log.warn("request {} failed: {}", exchange.requestId(), error.getMessage(), error.getCause());
            }
        }
        EdgeService.ErrorWriter writer = writers.apply(exchange.request());
        if (writer != null) {
            writer.send(exchange, error);
            return;
        }
        Map<String, String> headers = exchange.headers("application/json");
        headers.putAll(ErrorRenderer.headers(error));
        if (error instanceof UnknownOperationException unknown && unknown.allowedMethods() != null) {
            headers.put("Allow", unknown.allowedMethods());
        }
        exchange.response().send(exchange.statusOf(error), headers, ErrorRenderer.body(error));
    }
}
