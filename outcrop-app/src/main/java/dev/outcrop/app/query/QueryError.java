package dev.outcrop.app.query;

/** A refusal in the query protocol's own terms: the HTTP status and the {@code Code} of the error document. */
public final class QueryError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    /** Creates the error; {@code status} below 500 is the sender's fault. */
    public QueryError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The error document's {@code Code}. */
    public String code() {
        return code;
    }
}
