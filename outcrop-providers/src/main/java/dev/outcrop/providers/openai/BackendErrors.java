package dev.outcrop.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.error.BedrockException;
import dev.outcrop.error.ModelErrorException;
import dev.outcrop.error.ModelStreamErrorException;
import dev.outcrop.error.ModelTimeoutException;
import dev.outcrop.error.ServiceUnavailableException;
import dev.outcrop.error.ThrottlingException;
import dev.outcrop.error.ValidationException;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.providers.http.UpstreamResponse;
import dev.outcrop.util.JsonMappers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The Bedrock errors a backend's failures become. Callers get Bedrock's own messages; which deployment
 * failed and what its backend said go into {@link BedrockException#internalDetail()}, for the log and the
 * admin API only.
 */
final class BackendErrors {
    static final String THROTTLED = "Too many requests, please wait before trying again.";
    static final String UNAVAILABLE = "Bedrock is unable to process your request.";
    static final String TIMED_OUT = "Model has timed out in processing the request. Try your request again.";
    static final String MODEL_FAILED = "The system encountered an unexpected error during processing. Try your request again.";
    static final String STREAM_BROKE = "The model's response stream was interrupted. Try your request again.";

    private static final ObjectMapper JSON = JsonMappers.mapper();
    private static final int ERROR_BODY_LIMIT = 4096;

    private BackendErrors() {}

    /**
     * A non-200 answer. The backend's complaint about a request it refused (400, 422) is the caller's to
     * read, as Bedrock passes on a model's; every other status says nothing of the backend to the caller.
     */
    static BedrockException status(Deployment deployment, int status, String backendMessage) {
        BedrockException error = switch (status) {
            case 400, 422 -> new ValidationException("The model returned the following errors: " + backendMessage);
            case 429 -> new ThrottlingException(THROTTLED);
            case 408, 504 -> new ModelTimeoutException(TIMED_OUT);
            case 502, 503 -> new ServiceUnavailableException(UNAVAILABLE);
            default -> new ModelErrorException(MODEL_FAILED, status, deployment.modelId());
        };
        return error.withInternalDetail(where(deployment) + " answered " + status + ": " + backendMessage);
    }

    /** A non-200 answer, with what the backend said in its body. */
    static BedrockException refused(Deployment deployment, UpstreamResponse response) {
        return status(deployment, response.status(), errorMessage(response));
    }

    /** The backend's own words from an error body (its first 4 KiB), in any of the shapes servers use. */
    private static String errorMessage(UpstreamResponse response) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (byte[] piece = response.next(); piece != null && bytes.size() < ERROR_BODY_LIMIT; piece = response.next()) {
                bytes.write(piece, 0, Math.min(piece.length, ERROR_BODY_LIMIT - bytes.size()));
            }
            String text = bytes.toString(StandardCharsets.UTF_8);
            JsonNode error = JSON.readTree(text);
            if (error != null && error.path("error").path("message").isTextual()) {
                return error.path("error").path("message").asText();
            }
            if (error != null && error.path("message").isTextual()) {
                return error.path("message").asText();
            }
            if (error != null && error.path("error").isTextual()) {
                return error.path("error").asText();
            }
            return text.strip();
        } catch (IOException e) {
            return "(no readable error body)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no readable error body)";
        }
    }

    /**
     * An error event in the stream ({@code chunk} has an {@code error} member, or its {@code object} is
     * {@code "error"}): the stream broke, with the backend's code and words.
     */
    static BedrockException errorEvent(Deployment deployment, JsonNode chunk) {
        JsonNode error = chunk.has("error") ? chunk.path("error") : chunk;
        String message = error.isTextual() ? error.asText() : error.path("message").asText("unknown error");
        return streamBroke(deployment, error.path("code").isInt() ? error.path("code").asInt() : null,
                "an error event in the stream: " + message);
    }

    /** No first byte within the deployment's first-byte timeout. */
    static BedrockException silent(Deployment deployment) {
        return new ModelTimeoutException(TIMED_OUT).withInternalDetail(where(deployment) + " did not start answering within "
                + deployment.firstByteTimeout().toMillis() + " ms");
    }

    /** The backend could not be reached, or dropped the connection before answering. */
    static BedrockException unreachable(Deployment deployment, String what) {
        return new ServiceUnavailableException(UNAVAILABLE).withInternalDetail(where(deployment) + ": " + what);
    }

    /** The stream failed after its first token ({@code code}: the backend's status in an error event, or null). */
    static BedrockException streamBroke(Deployment deployment, Integer code, String what) {
        return new ModelStreamErrorException(STREAM_BROKE, code, null).withInternalDetail(where(deployment) + ": " + what);
    }

    private static String where(Deployment deployment) {
        return "the backend of " + deployment.key() + " (" + deployment.endpoint() + ", model " + deployment.remoteModel() + ")";
    }
}
