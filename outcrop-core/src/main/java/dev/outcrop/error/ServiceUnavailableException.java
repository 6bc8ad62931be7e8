package dev.outcrop.error;

/** No deployment can serve the request now; SDKs retry it (HTTP 503). */
public final class ServiceUnavailableException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public ServiceUnavailableException(String message) {
        super(503, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public ServiceUnavailableException(String message, Throwable cause) {
        super(503, message, cause);
    }
}
