package dev.outcrop.error;

/** The resource is in use and cannot be changed now (HTTP 400). */
final class ResourceInUseException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public ResourceInUseException(String message) {
        super(400, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public ResourceInUseException(String message, Throwable cause) {
        super(400, message, cause);
    }
}
