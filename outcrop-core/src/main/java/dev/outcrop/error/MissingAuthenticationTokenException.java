package dev.outcrop.error;

/** The request carries no credentials at all (HTTP 403). */
public final class MissingAuthenticationTokenException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error. */
    public MissingAuthenticationTokenException(String message) {
        super(403, message, null);
    }
}
