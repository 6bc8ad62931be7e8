package dev.outcrop.error;

import java.util.LinkedHashMap;
import java.util.Map;

/** The model backend failed while processing the request (HTTP 424). */
public final class ModelErrorException extends BedrockException {
    private static final long serialVersionUID = 1L;

    private final Integer originalStatusCode;
    private final String resourceName;

    /** Creates the error; {@code originalStatusCode} and {@code resourceName} may be null. */
    public ModelErrorException(String message, Integer originalStatusCode, String resourceName) {
        super(424, message, null);
        this.originalStatusCode = originalStatusCode;
        this.resourceName = resourceName;
    }

    /** The backend's HTTP status, or null. */
    public Integer originalStatusCode() {
        return originalStatusCode;
    }

    @Override
    public Map<String, Object> extraMembers() {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (originalStatusCode != null) {
            extra.put("originalStatusCode", originalStatusCode);
        }
        if (resourceName != null) {
            extra.put("resourceName", resourceName);
        }
        return extra;
    }
}
