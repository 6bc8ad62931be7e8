package dev.outcrop.app.query;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.InvalidSignatureException;
import dev.outcrop.server.edge.EdgeService;
import dev.outcrop.server.edge.Exchange;
import dev.outcrop.server.http.WireRequest;
import java.util.Locale;

/**
 * Sends the AWS query protocol's requests for one signing service ({@code POST /}, a form body, a SigV4 scope
 * naming the service) to one service and every other request to another: Bedrock has no {@code POST /}, so the
 * two never meet on the shared port.
 */
public final class QueryDispatch implements EdgeService {
    /** The end of a credential scope naming the signing service ({@code /cloudformation/aws4_request}). */
    private final String scope;
    private final EdgeService query;
    private final EdgeService others;

    /** Creates the dispatcher for {@code signingService} (e.g. {@code cloudformation}). */
    public QueryDispatch(String signingService, EdgeService query, EdgeService others) {
        this.scope = "/" + requireNonNull(signingService, "signingService") + "/aws4_request";
        this.query = requireNonNull(query, "query");
        this.others = requireNonNull(others, "others");
    }

    @Override
    public void serve(Exchange exchange) {
        WireRequest request = exchange.request();
        if (!isQuery(request) && signedFor(request)) {
            // The verifier accepts this service's scope for its API alone: it opens nothing else.
            throw new InvalidSignatureException("Credential should be scoped to correct service: 'bedrock'.");
        }
        of(request).serve(exchange);
    }

    @Override
    public boolean isPublic(WireRequest head) {
        return of(head).isPublic(head);
    }

    @Override
    public ErrorWriter errorWriter(WireRequest head) {
        return isQuery(head) ? query.errorWriter(head) : others.errorWriter(head);
    }

    private EdgeService of(WireRequest request) {
        return isQuery(request) ? query : others;
    }

    private boolean isQuery(WireRequest request) {
        if (!request.method().equals("POST") || !request.rawPath().equals("/")) {
            return false;
        }
        String type = request.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return false;
        }
        return signedFor(request);
    }

    private boolean signedFor(WireRequest request) {
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.contains(scope)) {
            return true;
        }
        String credential = request.queryParameter("X-Amz-Credential");
        return credential != null && credential.endsWith(scope);
    }
}
