package dev.outcrop.server.protocol;

import dev.outcrop.error.BedrockException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place errors become wire bytes: {@code X-Amzn-ErrorType} with the bare shape name (the only form
 * the Java, JavaScript and Python SDKs all parse the same way) and a JSON body with {@code message} and
 * the shape's other members.
 */
public final class ErrorRenderer {
    /** The header every SDK reads the error code from. */
    public static final String ERROR_TYPE_HEADER = "X-Amzn-ErrorType";

    private ErrorRenderer() {}

    /** The JSON body of an error: {@code message} first, then the shape's other members. */
    public static byte[] body(BedrockException error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", error.getMessage());
        body.putAll(error.extraMembers());
        return Json.write(body);
    }

    /** Headers of an error response, besides the request id and date. */
    public static Map<String, String> headers(BedrockException error) {
        return Map.of("Content-Type", "application/json", ERROR_TYPE_HEADER, error.errorType());
    }
}
