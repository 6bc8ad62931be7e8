package dev.outcrop.server.edge;

import dev.outcrop.error.BedrockException;
import dev.outcrop.error.InternalServerException;
import dev.outcrop.error.UnknownOperationException;
import dev.outcrop.server.protocol.ErrorRenderer;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error path: a {@link BedrockException} from anything inside becomes Bedrock's error answer, anything
 * else is logged with its trace and answered as an internal error that names only the request id.
 */
public final class ErrorBoundary implements EdgeDecorator {
    private static final Logger log = LoggerFactory.getLogger(ErrorBoundary.class);

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

    private static void send(Exchange exchange, BedrockException error) {
        if (error.isServerFault() && error.getCause() != null) {
            if (error.getCause() instanceof IOException io) {
                // A backend refusing or dropping connections is an outage, not a bug: one line a call, no trace.
                log.warn("request {} failed: {} ({})", exchange.requestId(), error.getMessage(), io.toString());
            } else {
                log.warn("request {} failed: {}", exchange.requestId(), error.getMessage(), error.getCause());
            }
        }
        Map<String, String> headers = exchange.headers("application/json");
        headers.putAll(ErrorRenderer.headers(error));
        if (error instanceof UnknownOperationException unknown && unknown.allowedMethods() != null) {
            headers.put("Allow", unknown.allowedMethods());
        }
        exchange.response().send(error.httpStatus(), headers, ErrorRenderer.body(error));
    }
}
