package dev.outcrop.error;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * The one exception type Outcrop answers with: each subclass is one of Bedrock's modelled error shapes
 * (or one of the AWS protocol errors that every AWS service answers with), and carries the HTTP status,
 * the shape name sent in {@code X-Amzn-ErrorType}, and any extra members of the shape's JSON body.
 *
 * <p>Rendered in exactly one place: the server's error renderer (JSON body, or an exception event in a
 * stream).
 */
public abstract sealed class BedrockException extends RuntimeException
        permits AccessDeniedException, ConflictException, InternalServerException, InvalidSignatureException,
                ModelErrorException, ModelNotReadyException, ModelStreamErrorException, ModelTimeoutException,
                ExpiredTokenException, MissingAuthenticationTokenException, ResourceInUseException,
                ResourceNotFoundException, ServiceQuotaExceededException,
                SerializationException, ServiceUnavailableException, ThrottlingException, TooManyTagsException,
                UnknownOperationException, UnrecognizedClientException, ValidationException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private String internalDetail;
    private boolean outOfService;

    BedrockException(int httpStatus, String message, Throwable cause) {
        super(requireNonNull(message, "message"), cause, false, false);
        this.httpStatus = httpStatus;
    }

    /** The error shape's name, e.g. {@code ValidationException}: the value of {@code X-Amzn-ErrorType}. */
    public String errorType() {
        return getClass().getSimpleName();
    }

    /** The member name of this error in an event-stream union, e.g. {@code throttlingException}. */
    public String eventStreamName() {
        String type = errorType();
        return Character.toLowerCase(type.charAt(0)) + type.substring(1);
    }

    /** The HTTP status the shape is bound to. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the fault is the server's (5xx) rather than the caller's. */
    public boolean isServerFault() {
        return httpStatus >= 500;
    }

    /**
     * What went wrong inside (which deployment, what its backend said), for the log and the admin API only:
     * never sent to the caller, who gets Bedrock's message. Null when there is nothing more to say.
     */
    public String internalDetail() {
        return internalDetail;
    }

    /** This exception, with {@code detail} kept for the log and the admin API (see {@link #internalDetail()}). */
    public BedrockException withInternalDetail(String detail) {
        this.internalDetail = detail;
        return this;
    }

    /**
     * Whether the error says the deployment that raised it cannot serve any call until its operator acts (Bedrock
     * refused Outcrop's credentials, or does not give Outcrop's account the model): the router takes it out of
     * rotation at once rather than after repeated failures. Never sent to the caller.
     */
    public boolean deploymentOutOfService() {
        return outOfService;
    }

    /** This exception, marked as taking its deployment out of rotation (see {@link #deploymentOutOfService()}). */
    public BedrockException withDeploymentOutOfService() {
        this.outOfService = true;
        return this;
    }

    /** Members of the error body besides {@code message}; empty for most shapes. */
    public Map<String, Object> extraMembers() {
        return Map.of();
    }
}
