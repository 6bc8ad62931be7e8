package dev.outcrop.profile;

import dev.outcrop.arn.Arn;
import dev.outcrop.arn.ResourceTypes;
import dev.outcrop.catalog.Catalog;
import dev.outcrop.catalog.SystemProfile;
import dev.outcrop.context.RequestScope;
import java.util.Optional;

/**
 * What an id or ARN names from the caller's scope, the same for the control plane and the runtime: a
 * system-defined profile offered in the caller's region, or the id of an application profile of the caller's
 * account and region.
 */
final class ProfileIdentifiers {
    /** The length of an application profile's id. */
    static final int APPLICATION_ID_LENGTH = 12;

    private ProfileIdentifiers() {}

    /** The system-defined profile an id or ARN names, if it is offered in the caller's region. */
    static Optional<SystemProfile> system(Catalog catalog, RequestScope scope, String identifier) {
        String id = identifier;
        if (Arn.looksLikeArn(identifier)) {
            Optional<Arn> arn = Arn.parse(identifier);
            if (arn.isEmpty() || !arn.get().resourceType().equals(ResourceTypes.INFERENCE_PROFILE)
                    || !arn.get().region().equals(scope.region()) || !arn.get().partition().equals(scope.partition())) {
                return Optional.empty();
            }
            id = arn.get().resourceId();
        }
        return catalog.systemProfile(id).filter(p -> p.offeredIn(scope.region()));
    }

    /** The id of the application profile an id or ARN names, if it could be one of the caller's. */
    static Optional<String> applicationId(RequestScope scope, String identifier) {
        String id = identifier;
        if (Arn.looksLikeArn(identifier)) {
            Optional<Arn> arn = Arn.parse(identifier);
            if (arn.isEmpty() || !arn.get().resourceType().equals(ResourceTypes.APPLICATION_INFERENCE_PROFILE)
                    || !isCallers(scope, arn.get())) {
                return Optional.empty();
            }
            id = arn.get().resourceId();
        }
        return id.length() == APPLICATION_ID_LENGTH ? Optional.of(id) : Optional.empty();
    }

    private static boolean isCallers(RequestScope scope, Arn arn) {
        return arn.partition().equals(scope.partition()) && arn.region().equals(scope.region())
                && arn.account().equals(scope.accountId());
    }
}
