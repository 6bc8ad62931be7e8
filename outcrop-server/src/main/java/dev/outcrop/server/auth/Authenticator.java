package dev.outcrop.server.auth;

import static java.util.Objects.requireNonNull;

import dev.outcrop.error.ExpiredTokenException;
import dev.outcrop.error.MissingAuthenticationTokenException;
import dev.outcrop.error.UnrecognizedClientException;
import dev.outcrop.identity.CredentialLookup;
import dev.outcrop.identity.Principal;
import dev.outcrop.server.http.WireRequest;
import dev.outcrop.server.protocol.CredentialScope;
import java.net.InetSocketAddress;

/**
 * Establishes who sent a request: a SigV4 signature (header or presigned query) or a Bedrock API key
 * ({@code Authorization: Bearer ...}, what boto3 sends when {@code AWS_BEARER_TOKEN_BEDROCK} is set).
 * A request with neither is refused, unless anonymous access was switched on explicitly.
 */
public final class Authenticator {
    private static final String BEARER = "Bearer ";
    private static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private final SigV4Verifier verifier;
    private final CredentialLookup credentials;
    private final Principal anonymous;

    /**
     * Creates the authenticator.
     *
     * @param anonymous the principal unauthenticated requests act as, or null to refuse them
     */
    public Authenticator(SigV4Verifier verifier, CredentialLookup credentials, Principal anonymous) {
        this.verifier = requireNonNull(verifier, "verifier");
        this.credentials = requireNonNull(credentials, "credentials");
        this.anonymous = anonymous;
    }

    /** Whether unauthenticated requests are let through. */
    public boolean anonymousAllowed() {
        return anonymous != null;
    }

    /**
     * Authenticates {@code request}.
     *
     * @throws MissingAuthenticationTokenException when it carries no credentials and anonymous access is off
     * @throws UnrecognizedClientException for an unknown, revoked or malformed credential
     * @throws ExpiredTokenException for an expired API key or temporary credentials
     * @throws dev.outcrop.error.InvalidSignatureException for a signature that does not verify
     */
    public Caller authenticate(WireRequest request) {
        return authenticate(request, false);
    }

    /**
     * Checks, from the head of a request whose body has not arrived, everything about its credentials that does not
     * need the body, so that a stranger's body is never buffered: an API key or anonymous access completely; a SigV4
     * signature completely when it signs its payload hash in {@code x-amz-content-sha256} (the body is then checked
     * against that hash by {@link #authenticate}); otherwise its form, scope, time, access key and session token,
     * the signature itself needing the body's hash. {@link #authenticate} must still be called with the whole request.
     *
     * @throws dev.outcrop.error.BedrockException as {@link #authenticate} does
     */
    public void admit(WireRequest head) {
        authenticate(head, true);
    }

    private Caller authenticate(WireRequest request, boolean headOnly) {
        String ip = request.remoteAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : null;
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).strip();
            return switch (credentials.apiKey(token)) {
                case CredentialLookup.ApiKeyState.Valid valid -> new Caller(valid.principal(), null, Caller.Method.API_KEY, ip);
                case CredentialLookup.ApiKeyState.Expired expired ->
                        throw new ExpiredTokenException("The API key included in the request is expired.");
                case CredentialLookup.ApiKeyState.Unknown unknown -> throw new UnrecognizedClientException(INVALID_TOKEN);
            };
        }
        if (SigV4Verifier.isSigV4(request)) {
            if (anonymous != null) {
                // Anonymous mode: signatures are not checked, but the region a client signs for still counts.
                return new Caller(anonymous, CredentialScope.region(request).orElse(null), Caller.Method.ANONYMOUS, ip);
            }
            if (headOnly) {
                verifier.verifyHead(request);
                return null;
            }
            SigV4Verifier.Verified verified = verifier.verify(request);
            return new Caller(verified.key().principal(), verified.region(), Caller.Method.SIGV4, ip,
                    verified.key().sessionTokenSha256() != null);
        }
        if (authorization != null) {
            throw new UnrecognizedClientException(INVALID_TOKEN);
        }
        if (anonymous != null) {
            return new Caller(anonymous, null, Caller.Method.ANONYMOUS, ip);
        }
        throw new MissingAuthenticationTokenException("Request is missing Authentication Token");
    }
}
