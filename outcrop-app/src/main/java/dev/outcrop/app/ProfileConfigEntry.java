package dev.outcrop.app;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.outcrop.error.ValidationException;
import dev.outcrop.profileconfig.StoredInferenceConfig;
import dev.outcrop.profileconfig.StoredInferenceConfigJson;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The inference configuration of one application profile, kept in the configuration file (an entry of
 * {@code profileConfigurations}; docs/control-plane.md, "Stored inference configuration"). Every node writes it onto
 * the profile when it starts.
 *
 * @param profile the application profile's name, id or ARN
 * @param region its region (default: the ARN's, or {@code account.defaultRegion})
 * @param configuration the configuration, as the admin API takes it
 */
public record ProfileConfigEntry(String profile, String region, JsonNode configuration) {
    static final ConfigOption<String> PROFILE = ConfigOption.text("profile", null,
            "an application profile's name, id or ARN").documentedDefault("required");
    static final ConfigOption<String> REGION = ConfigOption.text("region", null,
            "its region; default: the ARN's, or account.defaultRegion");
    static final ConfigOption<JsonNode> CONFIGURATION = new ConfigOption<>("configuration", "object", null, "required",
            "the configuration: keys maxTokens, temperature, topP, topK, stopSequences, anthropicVersion, "
                    + "responseFormat, each {value, mode}");
    static final ConfigSection SECTION = new ConfigSection("profileConfigurations[]", ProfileConfigEntry.class,
            List.of(PROFILE, REGION, CONFIGURATION));
    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    /** Takes the members as the file gives them; {@link #validate} checks them. */
    @JsonCreator
    public ProfileConfigEntry(@JsonProperty("profile") String profile, @JsonProperty("region") String region,
                              @JsonProperty("configuration") JsonNode configuration) {
        this.profile = profile;
        this.region = region;
        this.configuration = configuration;
    }

    void validate(int index, List<String> errors) {
        String path = "profileConfigurations[" + index + "].";
        if (profile == null || profile.isBlank()) {
            errors.add(path + "profile: missing (expected: an application profile's name, id or ARN)");
        }
        if (region != null && !REGION_NAME.matcher(region).matches()) {
            errors.add(path + "region: '" + region + "' (expected: a region such as us-east-1)");
        }
        if (configuration == null) {
            errors.add(path + "configuration: missing");
            return;
        }
        try {
            StoredInferenceConfigJson.read(configuration);
        } catch (ValidationException e) {
            errors.add(path + "configuration: " + e.getMessage());
        }
    }

    /** The entry, once validated, as the start applies it. */
    ProfileConfigFile.Entry entry(int index) {
        return new ProfileConfigFile.Entry("profileConfigurations[" + index + "]", profile, region,
                configured());
    }

    private StoredInferenceConfig configured() {
        return StoredInferenceConfigJson.read(configuration);
    }
}
