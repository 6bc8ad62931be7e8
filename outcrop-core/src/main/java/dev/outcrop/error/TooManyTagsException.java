package dev.outcrop.error;

import java.util.Map;

/** The request would give a resource more tags than it may have (HTTP 400). */
public final class TooManyTagsException extends BedrockException {
    private static final long serialVersionUID = 1L;

    private final String resourceName;

    /** Creates the error for the resource {@code resourceName} (its ARN). */
    public TooManyTagsException(String message, String resourceName) {
        super(400, message, null);
        this.resourceName = resourceName;
    }

    @Override
    public Map<String, Object> extraMembers() {
        return resourceName == null ? Map.of() : Map.of("resourceName", resourceName);
    }
}
