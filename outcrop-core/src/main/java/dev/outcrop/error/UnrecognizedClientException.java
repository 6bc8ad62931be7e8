package dev.outcrop.error;

/** The access key or API key is not known: the caller is not authenticated (HTTP 403). */
public final class UnrecognizedClientException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public UnrecognizedClientException(String message) {
        super(403, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public UnrecognizedClientException(String message, Throwable cause) {
        super(403, message, cause);
    }
}
