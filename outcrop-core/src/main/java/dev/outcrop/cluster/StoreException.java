package dev.outcrop.cluster;

/**
 * The database failed or could not be reached. The server answers it as an internal error and logs the
 * cause; what can go on without the database (cached profiles and keys, quotas and budgets by local
 * shares, the spooled ledger) catches it and degrades instead.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean unreachable;

    /** Wraps a database failure that is not a lost connection (a constraint, a deadlock, a bug). */
    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** Wraps a database failure; {@code unreachable} when the database could not be reached or the connection was lost. */
    public StoreException(String message, Throwable cause, boolean unreachable) {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /** Whether the database could not be reached (what a node degrades for), rather than refused the work. */
    public boolean unreachable() {
        return unreachable;
    }
}
