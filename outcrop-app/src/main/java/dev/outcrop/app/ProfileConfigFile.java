package dev.outcrop.app;

import static java.util.Objects.requireNonNull;

import dev.outcrop.context.RequestScope;
import dev.outcrop.profile.InferenceProfile;
import dev.outcrop.profile.InferenceProfileService;
import dev.outcrop.profile.InferenceProfileType;
import dev.outcrop.profileconfig.ProfileConfigurations;
import dev.outcrop.profileconfig.StoredInferenceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configuration file's {@code profileConfigurations}: each entry's configuration written onto its profile when
 * a node starts, so that a file under version control keeps the configuration of every profile it names.
 */
final class ProfileConfigFile {
    /**
     * One entry of the file.
     *
     * @param path where it is in the file, for errors ({@code profileConfigurations[0]})
     * @param profile an application profile's name, id or ARN
     * @param region the profile's region, or null for the ARN's or the account's default region
     * @param configuration the configuration, read and checked already
     */
    record Entry(String path, String profile, String region, StoredInferenceConfig configuration) {
        Entry {
            requireNonNull(path, "path");
            requireNonNull(profile, "profile");
            requireNonNull(configuration, "configuration");
        }
    }

    private ProfileConfigFile() {}

    /**
     * Writes every entry's configuration onto its profile.
     *
     * @throws ConfigException naming every entry whose profile does not exist, before any is written
     */
    static void apply(List<ProfileConfigEntry> configured, OutcropConfig config, InferenceProfileService profiles,
                      ProfileConfigurations configurations) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < configured.size(); i++) {
            entries.add(configured.get(i).entry(i));
        }
        List<String> errors = new ArrayList<>();
        List<Runnable> writes = new ArrayList<>();
        for (Entry entry : entries) {
            RequestScope scope = ProfileConfigApi.scope(config, entry.profile(), entry.region());
            Optional<String> arn = find(profiles, scope, entry.profile());
            if (arn.isEmpty()) {
                errors.add(entry.path() + ".profile: no application profile '" + entry.profile() + "' in "
                        + scope.region() + " (create it first, then start again)");
            } else {
                writes.add(() -> configurations.configure(scope, arn.get(), entry.configuration()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        writes.forEach(Runnable::run);
    }

    /** The ARN of the application profile a name, id or ARN names in {@code scope}. */
    private static Optional<String> find(InferenceProfileService profiles, RequestScope scope, String profile) {
        Optional<String> byIdOrArn = profiles.findApplication(scope, profile)
                .map(p -> p.arn(scope.partition()).toString());
        if (byIdOrArn.isPresent()) {
            return byIdOrArn;
        }
        String token = null;
        do {
            InferenceProfileService.Page page = profiles.list(scope, InferenceProfileType.APPLICATION, null, token);
            for (InferenceProfile p : page.items()) {
                if (p.inferenceProfileName().equals(profile)) {
                    return Optional.of(p.inferenceProfileArn());
                }
            }
            token = page.nextToken();
        } while (token != null);
        return Optional.empty();
    }
}
