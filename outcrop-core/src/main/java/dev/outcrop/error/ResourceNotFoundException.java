package dev.outcrop.error;

/** The resource named in the request does not exist (HTTP 404). */
public final class ResourceNotFoundException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public ResourceNotFoundException(String message) {
        super(404, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public ResourceNotFoundException(String message, Throwable cause) {
        super(404, message, cause);
    }
}
