package dev.outcrop.error;

/** The temporary credentials or API key of the request have expired (HTTP 400, as AWS binds it). */
public final class ExpiredTokenException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error. */
    public ExpiredTokenException(String message) {
        super(400, message, null);
    }
}
