package dev.outcrop.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.arn.Arn;
import dev.outcrop.context.RequestScope;
import dev.outcrop.error.ValidationException;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.profileconfig.StoredInferenceConfig;
import dev.outcrop.profileconfig.StoredInferenceConfigJson;
import dev.outcrop.server.admin.AdminBody;
import dev.outcrop.server.admin.AdminEndpoint;
import dev.outcrop.server.http.WireRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The admin API's resource for the inference configuration of application profiles:
 * {@code /_outcrop/profiles/{profile}/configuration}, the profile named by its id (in {@code ?region=}, default the
 * account's default region) or by its URL-encoded ARN.
 */
final class ProfileConfigApi {
    static final String READ = "outcrop:GetProfileConfiguration";
    static final String WRITE = "outcrop:ConfigureProfiles";
    private static final String PATH = "profiles/{profile}/configuration";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    private ProfileConfigApi() {}

    static void register(AdminEndpoint admin, ProfileConfigurations configurations, OutcropConfig config) {
        admin.route("GET", PATH, READ, (labels, request, caller) -> {
            RequestScope scope = scope(config, labels.get("profile"), request.queryParameter("region"));
            return view(scope, labels.get("profile"), configurations.get(scope, labels.get("profile")));
        }).route("PUT", PATH, WRITE, (labels, request, caller) -> {
            RequestScope scope = scope(config, labels.get("profile"), request.queryParameter("region"));
            StoredInferenceConfig stored = read(request);
            configurations.configure(scope, labels.get("profile"), stored);
            return view(scope, labels.get("profile"), stored);
        }).route("DELETE", PATH, WRITE, (labels, request, caller) -> {
            RequestScope scope = scope(config, labels.get("profile"), request.queryParameter("region"));
            AdminBody.parse(request.body());
            configurations.configure(scope, labels.get("profile"), StoredInferenceConfig.NONE);
            return view(scope, labels.get("profile"), StoredInferenceConfig.NONE);
        });
    }

    private static StoredInferenceConfig read(WireRequest request) {
        JsonNode document = AdminBody.object(request.body());
        return StoredInferenceConfigJson.read(document);
    }

    private static Map<String, Object> view(RequestScope scope, String profile, StoredInferenceConfig stored) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("inferenceProfile", profile);
        view.put("region", scope.region());
        view.put("configuration", StoredInferenceConfigJson.write(stored));
        return view;
    }

    /**
     * The scope a profile is looked up in: the account's, in the region of its ARN, else {@code region}, else the
     * account's default region.
     */
    static RequestScope scope(OutcropConfig config, String profile, String region) {
        if (region != null && !REGION.matcher(region).matches()) {
            throw AdminBody.error(region, "region", "Member must satisfy regular expression pattern: " + REGION.pattern());
        }
        String arnRegion = Arn.looksLikeArn(profile) ? Arn.parse(profile).map(Arn::region).orElse(null) : null;
        if (arnRegion != null && region != null && !arnRegion.equals(region)) {
            throw new ValidationException("The inference profile " + profile + " is in " + arnRegion + ", not in "
                    + region + ".");
        }
        String chosen = arnRegion != null && !arnRegion.isEmpty() ? arnRegion
                : region != null ? region : config.account().defaultRegion();
        return new RequestScope(config.account().partitionName(), config.account().id(), chosen);
    }
}
