package dev.outcrop.error;

import java.util.LinkedHashMap;
import java.util.Map;

/** The model backend failed while streaming its answer (HTTP 424, or an in-stream exception event). */
public final class ModelStreamErrorException extends BedrockException {
    private static final long serialVersionUID = 1L;

    private final Integer originalStatusCode;
    private final String originalMessage;

    /** Creates the error; {@code originalStatusCode} and {@code originalMessage} may be null. */
    public ModelStreamErrorException(String message, Integer originalStatusCode, String originalMessage) {
        super(424, message, null);
        this.originalStatusCode = originalStatusCode;
        this.originalMessage = originalMessage;
    }

    @Override
    public Map<String, Object> extraMembers() {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (originalStatusCode != null) {
            extra.put("originalStatusCode", originalStatusCode);
        }
        if (originalMessage != null) {
            extra.put("originalMessage", originalMessage);
        }
        return extra;
    }
}
