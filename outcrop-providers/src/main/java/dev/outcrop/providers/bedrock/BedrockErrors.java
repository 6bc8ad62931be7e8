package dev.outcrop.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.InternalServerException;
import dev.outcrop.error.ModelErrorException;
import dev.outcrop.error.ModelNotReadyException;
import dev.outcrop.error.ModelStreamErrorException;
import dev.outcrop.error.ModelTimeoutException;
import dev.outcrop.error.ServiceQuotaExceededException;
import dev.outcrop.error.ServiceUnavailableException;
import dev.outcrop.error.ThrottlingException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.Deployment;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bedrock's own errors, from an error response ({@code x-amzn-ErrorType} and the body's {@code message}) or an
 * exception frame of a stream, as the same {@link BedrockException}: the caller reads what Bedrock said.
 * {@code ThrottlingException}, {@code ServiceUnavailableException} and {@code ModelNotReadyException} are among
 * those the router takes as the deployment's (another region may answer).
 *
 * <p>What is the operator's problem, not the caller's, never reaches the caller as Bedrock said it, since it would
 * show the upstream account (its id, a role's or user's ARN) and tell the caller nothing it can act on: credentials
 * Bedrock does not accept (401/403 {@code UnrecognizedClientException}, {@code InvalidSignatureException},
 * {@code ExpiredTokenException} and the like), an {@code AccessDeniedException} and a 404
 * {@code ResourceNotFoundException} for the model (the account has no access to it). Each becomes a 503
 * {@code ServiceUnavailableException} with Bedrock's generic message, takes the deployment out of rotation at once
 * (so that another region or provider of the profile answers), and the log says once, in one line, what is wrong.
 * The upstream only ever sees Outcrop's own principal (the caller was authorized by Outcrop), and a caller's
 * guardrail never goes upstream (Outcrop refuses {@code guardrailConfig} with a ValidationException first), so even
 * a guardrail-related AccessDenied (an IAM condition on {@code bedrock:GuardrailIdentifier}) is about the operator's
 * policy. A {@code ValidationException} is about the caller's body and goes back unchanged.
 */
final class BedrockErrors {
    private static final Logger LOG = LoggerFactory.getLogger(BedrockErrors.class);
    private static final Set<String> CREDENTIAL_ERRORS = Set.of("unrecognizedclientexception",
            "invalidsignatureexception", "expiredtokenexception", "incompletesignatureexception",
            "missingauthenticationtokenexception");
    static final String UNAVAILABLE = "Bedrock is unable to process your request.";
    static final String STREAM_BROKE = "The model's response stream was interrupted. Try your request again.";
    static final String TIMED_OUT = "Model has timed out in processing the request. Try your request again.";

    /** What the operator must fix, as the log line says it. */
    private enum OperatorProblem {
        CREDENTIALS("Bedrock refused the credentials of deployment {} ({}: {}); it is out of rotation until they work"),
        ACCESS("Bedrock denied the credentials of deployment {} access ({}: {}); it is out of rotation until their "
                + "IAM policy allows bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on its model"),
        MODEL("Bedrock does not give the account of deployment {} its model ({}: {}); it is out of rotation until the "
                + "account has access to the model in that region");

        private final String logLine;

        OperatorProblem(String logLine) {
            this.logLine = logLine;
        }
    }

    /** The problem each deployment was last refused for, so that the log line is written once, not per call. */
    private final Map<String, OperatorProblem> refused = new ConcurrentHashMap<>();

    /**
     * The error Bedrock named ({@code type}: an {@code x-amzn-ErrorType} value or an {@code :exception-type},
     * either case, with or without a {@code :…} suffix), with its body.
     */
    BedrockException named(Deployment deployment, int status, String type, JsonNode body) {
        String name = type == null ? "" : type.split(":", 2)[0].toLowerCase(Locale.ROOT);
        String message = body.path("message").asText(body.path("Message").asText(""));
        OperatorProblem problem = operators(name, status);
        if (problem != null) {
            return refused(deployment, problem, name.isEmpty() ? String.valueOf(status) : name, message);
        }
        refused.remove(deployment.key());
        BedrockException error = switch (name) {
            case "validationexception" -> new ValidationException(message);
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

    /** The operator's problem {@code name} (or, unnamed, {@code status}) stands for, or null for the caller's. */
    private static OperatorProblem operators(String name, int status) {
        if (CREDENTIAL_ERRORS.contains(name)) {
            return OperatorProblem.CREDENTIALS;
        }
        return switch (name) {
            case "accessdeniedexception" -> OperatorProblem.ACCESS;
            case "resourcenotfoundexception" -> OperatorProblem.MODEL;
            case "" -> switch (status) {
                case 401 -> OperatorProblem.CREDENTIALS;
                case 403 -> OperatorProblem.ACCESS;
                case 404 -> OperatorProblem.MODEL;
                default -> null;
            };
            default -> null;
        };
    }

    private static BedrockException byStatus(int status, String message) {
        return switch (status) {
            case 400 -> new ValidationException(message);
            case 429 -> new ThrottlingException(message);
            case 503 -> new ServiceUnavailableException(message.isEmpty() ? UNAVAILABLE : message);
            default -> new InternalServerException("The server encountered an internal error while processing the request.");
        };
    }

    private BedrockException refused(Deployment deployment, OperatorProblem problem, String name, String message) {
        if (refused.put(deployment.key(), problem) != problem) {
            LOG.error(problem.logLine, deployment.key(), name, message);
        }
        return new ServiceUnavailableException(UNAVAILABLE).withDeploymentOutOfService()
                .withInternalDetail(where(deployment) + " answered " + name + ": " + message);
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
