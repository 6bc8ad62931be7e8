package dev.outcrop.error;

/** The request signature does not match the one Outcrop computes (HTTP 403). */
public final class InvalidSignatureException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public InvalidSignatureException(String message) {
        super(403, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public InvalidSignatureException(String message, Throwable cause) {
        super(403, message, cause);
    }
}
