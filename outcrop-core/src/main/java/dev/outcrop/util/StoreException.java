package dev.outcrop.util;

/**
 * The database failed or could not be reached. The server answers it as an internal error and logs the
 * cause; what can go on without the database (cached profiles and keys, quotas and budgets by local
 * shares, the spooled ledger) catches it and degrades instead.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Wraps a database failure. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
