package dev.outcrop.error;

/** The model took too long to answer (HTTP 408). */
public final class ModelTimeoutException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public ModelTimeoutException(String message) {
        super(408, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public ModelTimeoutException(String message, Throwable cause) {
        super(408, message, cause);
    }
}
