package dev.outcrop.server.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.outcrop.error.BedrockException;
import dev.outcrop.server.http.TextRequests;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.server.smithy.SmithyModel;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target of the Smithy-driven binding and validation (Jazzer; docs/security.md): routing on the raw path,
 * label decoding, query, header and body binding, every constraint of the Bedrock models. An input is a request
 * as {@link TextRequests} reads it. Whatever a caller sends is bound, or refused with a 4xx in
 * AWS's words ({@code ValidationException}, {@code SerializationException}, an unknown operation): never another
 * exception, never a stack overflow. Seeds: {@code RequestBindingFuzzTestInputs/} in test resources.
 */
class RequestBindingFuzzTest {
    private static final SmithyModel MODEL = SmithyModel.bedrock();
    private static final Router ROUTER = new Router(MODEL.operations());
    private static final RequestBinder BINDER = new RequestBinder(MODEL);

    @FuzzTest(maxDuration = "2s")
    void everyRequestIsBoundOrRefusedWithAClientError(byte[] input) {
        WireRequest request = TextRequests.parse(new String(input, StandardCharsets.UTF_8));
        if (request == null) {
            return; // the HTTP layer's to refuse
        }
        try {
            Router.Match match = ROUTER.match(request.method(), request.rawPath());
            BINDER.bind(match.operation(), match.labels(), request);
        } catch (BedrockException refused) {
            if (refused.isServerFault()) {
                throw refused;
            }
        }
    }
}
