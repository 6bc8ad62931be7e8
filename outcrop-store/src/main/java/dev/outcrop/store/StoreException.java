package dev.outcrop.store;

/** The database failed; the server answers it as an internal error and logs the cause. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Wraps a database failure. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
