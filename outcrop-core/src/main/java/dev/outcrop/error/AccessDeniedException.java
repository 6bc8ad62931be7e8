package dev.outcrop.error;

/** The caller is not authorized to perform the action (HTTP 403). */
public final class AccessDeniedException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public AccessDeniedException(String message) {
        super(403, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public AccessDeniedException(String message, Throwable cause) {
        super(403, message, cause);
    }
}
