package dev.outcrop.app.query;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.AccessDeniedException;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.ExpiredTokenException;
import dev.outcrop.error.InvalidSignatureException;
import dev.outcrop.error.MissingAuthenticationTokenException;
import dev.outcrop.error.ServiceUnavailableException;
import dev.outcrop.error.ThrottlingException;
import dev.outcrop.error.UnrecognizedClientException;
import dev.outcrop.server.edge.EdgeService;
import dev.outcrop.server.edge.Exchange;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One AWS service's query protocol: its XML namespace, the largest form body it reads, and the way every refusal
 * becomes its {@code ErrorResponse}, the edge's (authentication, throttling) as well as the service's own.
 */
public final class QueryProtocol {
    private final String namespace;
    private final int maxFormBytes;

    /** Creates the protocol of the service whose documents are in {@code namespace}. */
    public QueryProtocol(String namespace, int maxFormBytes) {
        this.namespace = requireNonNull(namespace, "namespace");
        if (maxFormBytes < 1) {
            throw new IllegalArgumentException("maxFormBytes must be positive");
        }
        this.maxFormBytes = maxFormBytes;
    }

    /**
     * Reads the request's form, answers it with {@code handler}'s document ({@code 200}, {@code text/xml}), and
     * sends a refusal as the service's error document. A server fault goes on to the edge, which answers it
     * through {@link #errorWriter()}.
     */
    public void serve(Exchange exchange, Function<QueryForm, byte[]> handler) {
        try {
            byte[] body = handler.apply(QueryForm.parse(exchange.request().body(), maxFormBytes));
            exchange.response().send(200, exchange.headers("text/xml"), body);
        } catch (QueryError e) {
            sendError(exchange, e.status(), e.code(), e.getMessage());
        } catch (AccessDeniedException e) {
            sendError(exchange, 403, "AccessDenied", e.getMessage());
        } catch (BedrockException e) {
            if (e.isServerFault()) {
                throw e;
            }
            // The query services answer every refusal of the caller's input as a ValidationError.
            sendError(exchange, 400, "ValidationError", e.getMessage());
        }
    }

    /** The answer to {@code action}: {@code <ActionResponse><ActionResult>}, written by {@code result}. */
    public byte[] response(String action, String requestId, Consumer<QueryXml> result) {
        return QueryXml.response(namespace, action, requestId, result);
    }

    /**
     * The edge's errors for this service (its authentication's refusals, throttling, an internal error), with the
     * codes and statuses the AWS query services answer them with.
     */
    public EdgeService.ErrorWriter errorWriter() {
        return (exchange, error) -> {
            String message = error.getMessage();
            switch (error) {
                case UnrecognizedClientException e -> sendError(exchange, 403, "InvalidClientTokenId", message);
                case InvalidSignatureException e -> sendError(exchange, 403,
                        message.startsWith("Authorization header requires") || message.startsWith("Authorization "
                                + "requires") ? "IncompleteSignature" : "SignatureDoesNotMatch", message);
                case ExpiredTokenException e -> sendError(exchange, 403, "ExpiredToken", message);
                case MissingAuthenticationTokenException e ->
                        sendError(exchange, 403, "MissingAuthenticationToken", message);
                case AccessDeniedException e -> sendError(exchange, 403, "AccessDenied", message);
                case ThrottlingException e -> sendError(exchange, 400, "Throttling", message);
                case ServiceUnavailableException e -> sendError(exchange, 503, "ServiceUnavailable", message);
                default -> {
                    if (error.isServerFault()) {
                        sendError(exchange, 500, "InternalFailure", message);
                    } else {
                        sendError(exchange, 400, "ValidationError", message);
                    }
                }
            }
        };
    }

    private void sendError(Exchange exchange, int status, String code, String message) {
        exchange.response().send(status, exchange.headers("text/xml"),
                QueryXml.error(namespace, status < 500, code, message, exchange.requestId()));
    }
}
