package dev.outcrop.error;

/** No operation is bound to the request's method and path (HTTP 404, or 405 for a known path). */
public final class UnknownOperationException extends BedrockException {
    private static final long serialVersionUID = 1L;

    private final String allowedMethods;

    /** An unknown path: 404. */
    public UnknownOperationException(String message) {
        super(404, message, null);
        this.allowedMethods = null;
    }

    private UnknownOperationException(String message, String allowedMethods) {
        super(405, message, null);
        this.allowedMethods = allowedMethods;
    }

    /** A known path with a method it does not take: 405, with the methods it does take. */
    public static UnknownOperationException methodNotAllowed(String message, String allowedMethods) {
        return new UnknownOperationException(message, allowedMethods);
    }

    /** The value of the {@code Allow} header for a 405, or null. */
    public String allowedMethods() {
        return allowedMethods;
    }
}
