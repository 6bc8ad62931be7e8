package dev.outcrop.server;

import dev.outcrop.context.RequestScope;
import dev.outcrop.server.auth.Caller;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.server.protocol.OperationInput;
import dev.outcrop.server.smithy.Operation;

/**
 * One call of an operation, bound and validated.
 *
 * @param operation the operation
 * @param scope partition, account and region of the call
 * @param requestId the id sent back in {@code x-amzn-RequestId}
 * @param input the validated input members
 * @param request the raw request, for headers an operation reads itself
 * @param startNanos when the request reached the endpoint ({@link System#nanoTime})
 * @param caller who sent it, authenticated
 */
public record OperationCall(Operation operation, RequestScope scope, String requestId, OperationInput input,
                            WireRequest request, long startNanos, Caller caller) {

    /** Outcrop's own share of the time since the request arrived: the elapsed time less {@code providerTime}. */
    public long overheadMillis(java.time.Duration providerTime) {
        return Math.max(0, (System.nanoTime() - startNanos - providerTime.toNanos()) / 1_000_000);
    }
}
