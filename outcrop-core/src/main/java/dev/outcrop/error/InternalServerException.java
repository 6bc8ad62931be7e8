package dev.outcrop.error;

/** An unexpected failure inside Outcrop (HTTP 500). */
public final class InternalServerException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public InternalServerException(String message) {
        super(500, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public InternalServerException(String message, Throwable cause) {
        super(500, message, cause);
    }
}
