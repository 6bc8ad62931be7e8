package dev.outcrop.error;

/** The caller or the model is over its rate; SDKs retry it (HTTP 429). */
public final class ThrottlingException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public ThrottlingException(String message) {
        super(429, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public ThrottlingException(String message, Throwable cause) {
        super(429, message, cause);
    }
}
