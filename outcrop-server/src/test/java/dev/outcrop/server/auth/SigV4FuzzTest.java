package dev.outcrop.server.auth;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.outcrop.error.BedrockException;
import dev.outcrop.identity.CredentialLookup;
import dev.outcrop.identity.Principal;
import dev.outcrop.identity.SigningKey;
import dev.outcrop.server.http.TextRequests;
import dev.outcrop.server.http.WireRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Fuzz target of the SigV4 {@code Authorization} header and presigned-query parser (Jazzer; docs/security.md).
 * An input is a request as {@link TextRequests} reads it. Every access
 * key is known (so parsing reaches the canonical request and the comparison), and whatever a peer sends ends in
 * a verified caller or in one of the authentication errors, a 4xx: never another exception. Seeds:
 * {@code SigV4FuzzTestInputs/} in test resources.
 */
class SigV4FuzzTest {
    private static final Principal PRINCIPAL = new Principal("AIDAFUZZ", "123456789012", "fuzz", Principal.Kind.USER);
    private static final CredentialLookup ANY_KEY = new CredentialLookup() {
        @Override
        public Optional<SigningKey> signingKey(String accessKeyId) {
            return Optional.of(new SigningKey(accessKeyId, "fuzz-secret".getBytes(StandardCharsets.UTF_8), PRINCIPAL,
                    null, null));
        }

        @Override
        public ApiKeyState apiKey(String token) {
            throw new UnsupportedOperationException("not a bearer token test");
        }
    };
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(ANY_KEY,
            Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC), "bedrock");

    @FuzzTest(maxDuration = "2s")
    void aSignatureIsVerifiedOrRefusedWithAnAuthenticationErrorNeverAnotherException(byte[] input) {
        WireRequest request = TextRequests.parse(new String(input, StandardCharsets.UTF_8));
        if (request == null || !SigV4Verifier.isSigV4(request)) {
            return;
        }
        try {
            VERIFIER.verify(request);
        } catch (BedrockException refused) {
            if (refused.isServerFault()) {
                throw refused;
            }
        }
    }
}
