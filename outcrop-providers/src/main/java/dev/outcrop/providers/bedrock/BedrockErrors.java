package dev.outcrop.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.AccessDeniedException;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.InternalServerException;
import dev.outcrop.error.ModelErrorException;
import dev.outcrop.error.ModelNotReadyException;
import dev.outcrop.error.ModelStreamErrorException;
import dev.outcrop.error.ModelTimeoutException;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ServiceQuotaExceededException;
import dev.outcrop.error.ServiceUnavailableException;
import dev.outcrop.error.ThrottlingException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.Deployment;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bedrock's own errors, from an error response ({@code x-amzn-ErrorType} and the body's {@code message}) or an
 * exception frame of a stream, as the same {@link BedrockException}: the caller reads what Bedrock said.
 * {@code ThrottlingException}, {@code ServiceUnavailableException} and {@code ModelNotReadyException} are among
 * those the router takes as the deployment's (another region may answer). Credentials Bedrock does not accept
 * are Outcrop's problem, not the caller's: the deployment is reported unavailable (so it leaves rotation and
 * another takes over), and the log says once, in one line, what is wrong.
 */
final class BedrockErrors {
    private static final Logger LOG = LoggerFactory.getLogger(BedrockErrors.class);
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("unrecognizedclientexception",
            "invalidsignatureexception", "expiredtokenexception", "incompletesignatureexception",
            "missingauthenticationtokenexception");
    static final String UNAVAILABLE = "Bedrock is unable to process your request.";
    static final String STREAM_BROKE = "The model's response stream was interrupted. Try your request again.";
    static final String TIMED_OUT = "Model has timed out in processing the request. Try your request again.";

    /** Deployments whose credentials were refused, so that the log line is written once, not per call. */
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    /**
     * The error Bedrock named ({@code type}: an {@code x-amzn-ErrorType} value or an {@code :exception-type},
     * either case, with or without a {@code :…} suffix), with its body.
     */
    BedrockException named(Deployment deployment, int status, String type, JsonNode body) {
        String name = type == null ? "" : type.split(":", 2)[0].toLowerCase(Locale.ROOT);
        String message = body.path("message").asText(body.path("Message").asText(""));
        if (CREDENTIAL_ERRORS.contains(name)) {
            return credentialsRefused(deployment, name, message);
        }
        refused.remove(deployment.key());
        BedrockException error = switch (name) {
            case "validationexception" -> new ValidationException(message);
            case "accessdeniedexception" -> new AccessDeniedException(message);
            case "resourcenotfoundexception" -> new ResourceNotFoundException(message);
            case "throttlingexception" -> new ThrottlingException(message);
            case "servicequotaexceededexception" -> new ServiceQuotaExceededException(message);
            case "serviceunavailableexception" -> new ServiceUnavailableException(message);
            case "modelnotreadyexception" -> new ModelNotReadyException(message);
            case "modeltimeoutexception" -> new ModelTimeoutException(message);
            case "modelerrorexception" -> new ModelErrorException(message, integer(body, "originalStatusCode"),
                    body.path("resourceName").asText(null));
            case "modelstreamerrorexception" -> new ModelStreamErrorException(message,
                    integer(body, "originalStatusCode"), body.path("originalMessage").asText(null));
            case "internalserverexception" -> new InternalServerException(message);
            default -> byStatus(status, message);
        };
        return error.withInternalDetail(where(deployment) + " answered " + status + " " + type);
    }

    private static BedrockException byStatus(int status, String message) {
        return switch (status) {
            case 400 -> new ValidationException(message);
            case 403 -> new AccessDeniedException(message);
            case 404 -> new ResourceNotFoundException(message);
            case 429 -> new ThrottlingException(message);
            case 503 -> new ServiceUnavailableException(message.isEmpty() ? UNAVAILABLE : message);
            default -> new InternalServerException("The server encountered an internal error while processing the request.");
        };
    }

    private BedrockException credentialsRefused(Deployment deployment, String name, String message) {
        if (refused.add(deployment.key())) {
            LOG.error("Bedrock refused the credentials of deployment {} ({}: {}); it is out of rotation until they work",
                    deployment.key(), name, message);
        }
        return new ServiceUnavailableException(UNAVAILABLE)
                .withInternalDetail(where(deployment) + " refused Outcrop's credentials: " + name);
    }

    /** Bedrock accepted the deployment's credentials again: a later refusal is logged anew. */
    void accepted(Deployment deployment) {
        refused.remove(deployment.key());
    }

    private static Integer integer(JsonNode body, String member) {
        return body.path(member).isInt() ? body.path(member).asInt() : null;
    }

    static BedrockException unreachable(Deployment deployment, String what) {
        return new ServiceUnavailableException(UNAVAILABLE).withInternalDetail(where(deployment) + ": " + what);
    }

    static BedrockException silent(Deployment deployment) {
        return new ModelTimeoutException(TIMED_OUT).withInternalDetail(where(deployment) + " did not start answering within "
                + deployment.firstByteTimeout().toMillis() + " ms");
    }

    static BedrockException streamBroke(Deployment deployment, String what) {
        return new ModelStreamErrorException(STREAM_BROKE, null, null).withInternalDetail(where(deployment) + ": " + what);
    }

    private static String where(Deployment deployment) {
        return "Bedrock for " + deployment.key() + " (" + deployment.endpoint() + ", model " + deployment.remoteModel() + ")";
    }
}
