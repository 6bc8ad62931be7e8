package dev.outcrop.error;

/** The model is not ready to serve; SDKs retry it (HTTP 429). */
public final class ModelNotReadyException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public ModelNotReadyException(String message) {
        super(429, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public ModelNotReadyException(String message, Throwable cause) {
        super(429, message, cause);
    }
}
