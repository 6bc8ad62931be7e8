package dev.outcrop.error;

/** The request conflicts with the current state of a resource (Bedrock binds it to 400, not 409) (HTTP 400). */
public final class ConflictException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public ConflictException(String message) {
        super(400, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public ConflictException(String message, Throwable cause) {
        super(400, message, cause);
    }
}
