package dev.outcrop.iam;

/** A policy document that IAM would reject: the message says which element is wrong and why. */
public final class MalformedPolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public MalformedPolicyException(String message) {
        super(message);
    }
}
