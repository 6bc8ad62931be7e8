package dev.outcrop.cdk;

import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.IGrantable;

/** Reading profile and model ARNs that arrive as strings (imported profiles). */
final class ProfileArns {
    private ProfileArns() {
    }

    /** The id at the end of a profile ARN (an identifier that is already an id stays as it is). */
    static String idOf(String identifier) {
        if (Token.isUnresolved(identifier)) {
            return Fn.select(1, Fn.split("/", identifier));
        }
        int slash = identifier.lastIndexOf('/');
        return slash < 0 ? identifier : identifier.substring(slash + 1);
    }

    /**
     * The route behind a copyFrom ARN: the model itself, or a system profile from the catalog; empty when the string is
     * a token or names neither, and the caller falls back to any model reached through the profile.
     */
    static Optional<ModelRoute> routeOfCopyFrom(String copyFrom, IGrantable grantee) {
        if (copyFrom == null || Token.isUnresolved(copyFrom)) {
            return Optional.empty();
        }
        if (copyFrom.contains(":foundation-model/")) {
            return Optional.of(new ModelRoute(List.of(), List.of(copyFrom)));
        }
        int marker = copyFrom.indexOf(":inference-profile/");
        if (marker < 0) {
            return Optional.empty();
        }
        String profileId = copyFrom.substring(marker + ":inference-profile/".length());
        for (var geo : CrossRegionInferenceProfileRegion.values()) {
            String prefix = geo.getPrefix() + ".";
            if (profileId.startsWith(prefix)) {
                var model = BedrockFoundationModel.fromModelId(profileId.substring(prefix.length()));
                return SystemInferenceProfileCatalog.get().find(geo, model.getModelId())
                        .map(p -> CrossRegionInferenceProfile.fromConfig(geo, model).modelRoute(grantee));
            }
        }
        return Optional.empty();
    }

    /** Any model and system profile, reached only through the profile (the model statement's condition says so). */
    static ModelRoute anyModelThrough(String profileArn) {
        String partition = Aws.PARTITION;
        return new ModelRoute(List.of(profileArn), List.of(
                "arn:" + partition + ":bedrock:*::foundation-model/*",
                "arn:" + partition + ":bedrock:::foundation-model/*",
                "arn:" + partition + ":bedrock:*:" + Aws.ACCOUNT_ID + ":inference-profile/*"));
    }
}
