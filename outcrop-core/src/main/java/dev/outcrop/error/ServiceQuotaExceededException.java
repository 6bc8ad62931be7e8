package dev.outcrop.error;

/** The request would exceed a service quota (Bedrock binds it to 400) (HTTP 400). */
public final class ServiceQuotaExceededException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message in AWS's voice: what was wrong and what was expected. */
    public ServiceQuotaExceededException(String message) {
        super(400, message, null);
    }

    /** Creates the error with a message and the cause that is logged, never sent. */
    public ServiceQuotaExceededException(String message, Throwable cause) {
        super(400, message, cause);
    }
}
