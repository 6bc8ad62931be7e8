package dev.outcrop.error;

/** The input fails to satisfy the constraints of the operation (HTTP 400). */
public final class ValidationException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public ValidationException(String message) {
        super(400, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public ValidationException(String message, Throwable cause) {
        super(400, message, cause);
    }
}
