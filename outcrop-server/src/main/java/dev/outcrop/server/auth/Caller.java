package dev.outcrop.server.auth;

import static java.util.Objects.requireNonNull;

import dev.outcrop.identity.Principal;

/**
 * Who sent a request, once authenticated.
 *
 * @param principal the principal it acts as
 * @param region the region it signed for, or null (API keys, anonymous requests)
 * @param method how it proved who it is
 * @param sourceIp the peer's address, for {@code aws:SourceIp}
 * @param temporary whether it signed with temporary credentials (a session token): a role session, whose
 *        {@code AssumeRole} is role chaining
 */
public record Caller(Principal principal, String region, Method method, String sourceIp, boolean temporary) {
    /** Checks the members. */
    public Caller {
        requireNonNull(principal, "principal");
        requireNonNull(method, "method");
    }

    /** A caller that did not sign with temporary credentials. */
    public Caller(Principal principal, String region, Method method, String sourceIp) {
        this(principal, region, method, sourceIp, false);
    }

    /** How a caller proved who it is. */
    public enum Method {
        /** AWS Signature Version 4. */
        SIGV4,
        /** A Bedrock API key ({@code Authorization: Bearer ...}). */
        API_KEY,
        /** Nobody: authentication is switched off (local development only). */
        ANONYMOUS
    }
}
