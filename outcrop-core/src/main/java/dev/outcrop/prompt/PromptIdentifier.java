package dev.outcrop.prompt;

import dev.outcrop.arn.Arn;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ResourceNotFoundException;
import dev.outcrop.error.ValidationException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@code promptIdentifier} names: a prompt's id, or its ARN with or without {@code :VERSION}.
 *
 * <p>The model's pattern for the identifier only anchors its first alternative at the start, so that anything
 * beginning with ten letters or digits passes it; the identifier is parsed strictly here instead.
 *
 * @param id the prompt's id
 * @param version the version the ARN names, or null when it names none
 */
public record PromptIdentifier(String id, Integer version) {
    private static final Pattern ID = Pattern.compile("[0-9a-zA-Z]{10}");
    private static final Pattern VERSION_NUMBER = Pattern.compile("[0-9]{1,5}");
    /** The most versions a prompt's numbers run to: the model's version strings have at most five digits. */
    public static final int MAX_VERSION = 99_999;

    /**
     * Parses an identifier of a prompt in the caller's account and region.
     *
     * @throws ValidationException when it is neither an id nor a prompt ARN
     * @throws ResourceNotFoundException when the ARN names another account's or region's prompt
     */
    public static PromptIdentifier parse(RequestScope scope, String identifier) {
        if (ID.matcher(identifier).matches()) {
            return new PromptIdentifier(identifier, null);
        }
        Optional<Arn> arn = Arn.parse(identifier).filter(a -> a.service().equals("bedrock")
                && a.resourceType().equals(Prompt.RESOURCE_TYPE));
        if (arn.isEmpty()) {
            throw invalid(identifier);
        }
        String resource = arn.get().resourceId();
        int colon = resource.indexOf(':');
        String id = colon < 0 ? resource : resource.substring(0, colon);
        Integer version = null;
        if (!ID.matcher(id).matches()) {
            throw invalid(identifier);
        }
        if (colon >= 0) {
            version = numericVersion(resource.substring(colon + 1), "promptIdentifier");
        }
        if (!arn.get().partition().equals(scope.partition()) || !arn.get().region().equals(scope.region())
                || !arn.get().account().equals(scope.accountId())) {
            throw notFound(identifier);
        }
        return new PromptIdentifier(id, version);
    }

    /**
     * A version string of the API: {@code DRAFT} or a number from 1 to {@value #MAX_VERSION}.
     *
     * @return {@link Prompt#DRAFT} or the number
     */
    public static int version(String text, String member) {
        return "DRAFT".equals(text) ? Prompt.DRAFT : numericVersion(text, member);
    }

    /** A numbered version (never the draft) from 1 to {@value #MAX_VERSION}. */
    public static int numericVersion(String text, String member) {
        if (!VERSION_NUMBER.matcher(text).matches() || Integer.parseInt(text) == 0) {
            throw new ValidationException("1 validation error detected: Value '" + text + "' at '" + member
                    + "' failed to satisfy constraint: Member must be DRAFT or a version number from 1 to "
                    + MAX_VERSION);
        }
        return Integer.parseInt(text);
    }

    /** The error for a prompt (or version) that does not exist. */
    public static ResourceNotFoundException notFound(String what) {
        return new ResourceNotFoundException("The prompt " + what + " was not found.");
    }

    private static ValidationException invalid(String identifier) {
        return new ValidationException("1 validation error detected: Value '" + identifier + "' at 'promptIdentifier' "
                + "failed to satisfy constraint: Member must be a prompt id (10 letters or digits) or a prompt ARN "
                + "(arn:aws:bedrock:REGION:ACCOUNT:prompt/ID, optionally with :VERSION)");
    }
}
