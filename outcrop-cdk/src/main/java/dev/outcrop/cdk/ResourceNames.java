package dev.outcrop.cdk;

import java.util.regex.Pattern;
import software.amazon.awscdk.Token;

/** The name and description rules of AWS::Bedrock::ApplicationInferenceProfile, checked at synth time. */
final class ResourceNames {
    // InferenceProfileName and InferenceProfileDescription in the Bedrock Smithy model.
    private static final Pattern PROFILE_NAME = Pattern.compile("^([0-9a-zA-Z][ _-]?)+$");
    private static final Pattern PROFILE_DESCRIPTION = Pattern.compile("^([0-9a-zA-Z:.][ _-]?)+$");

    private ResourceNames() {
    }

    static String profileName(String member, String name) {
        if (name == null) {
            throw new IllegalArgumentException(member + " is required");
        }
        if (Token.isUnresolved(name)) {
            return name;
        }
        if (name.isEmpty() || name.length() > 64 || !PROFILE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(member + " '" + name + "' must be 1 to 64 characters matching " + PROFILE_NAME.pattern());
        }
        return name;
    }

    static String profileDescription(String member, String description) {
        if (description == null || Token.isUnresolved(description)) {
            return description;
        }
        if (description.isEmpty() || description.length() > 200 || !PROFILE_DESCRIPTION.matcher(description).matches()) {
            throw new IllegalArgumentException(member + " must be 1 to 200 characters matching " + PROFILE_DESCRIPTION.pattern());
        }
        return description;
    }
}
