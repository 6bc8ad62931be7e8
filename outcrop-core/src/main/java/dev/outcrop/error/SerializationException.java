package dev.outcrop.error;

/**
 * The request cannot be read into the operation's input (HTTP 400): the AWS protocol error that every
 * restJson1 service answers when a value does not fit its member's type, for example a number outside the
 * range of a Smithy {@code integer}. It comes before validation: the input was never built.
 */
public final class SerializationException extends BedrockException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message that names the value, where it was and what fits there. */
    public SerializationException(String message) {
        super(400, message, null);
    }
}
