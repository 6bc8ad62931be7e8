package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration file's {@code profileConfigurations}, checked when read and written onto profiles at start. */
class ProfileConfigFileTest {
    private static final String HAIKU = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";

    @TempDir
    Path dataDir;

    private OutcropConfig config(String yaml) {
        return ConfigLoader.parse(yaml, "test").withDataDir(dataDir);
    }

    @Test
    void aNamedProfileGetsTheFilesConfigurationAtStart() {
        String arn;
        try (TestOutcrop first = TestOutcrop.start(dataDir); var bedrock = first.bedrock()) {
            arn = bedrock.createInferenceProfile(r -> r.inferenceProfileName("support-bot")
                    .modelSource(s -> s.copyFrom(HAIKU))).inferenceProfileArn();
        }

        try (TestOutcrop second = TestOutcrop.start(config("""
                profileConfigurations:
                  - profile: support-bot
                    configuration:
                      maxTokens: {value: 2000, mode: limit}
                      stopSequences: {value: [END], mode: fixed}
                """))) {
            String body = second.adminGet("/_outcrop/profiles/" + arn.substring(arn.lastIndexOf('/') + 1)
                    + "/configuration");

            assertThat(body).contains("\"maxTokens\":{\"value\":2000,\"mode\":\"limit\"}")
                    .contains("\"stopSequences\":{\"value\":[\"END\"],\"mode\":\"fixed\"}");
        }
    }

    @Test
    void anEntryForAProfileThatDoesNotExistStopsTheStart() {
        assertThatThrownBy(() -> TestOutcrop.start(config("""
                profileConfigurations:
                  - profile: nobody
                    configuration: {topK: {value: 5, mode: default}}
                """)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("profileConfigurations[0].profile: no application profile 'nobody' in us-east-1");
    }

    @Test
    void anInvalidEntryIsReportedWithItsPathWhenTheFileIsRead() {
        assertThatThrownBy(() -> config("""
                profileConfigurations:
                  - profile: support-bot
                    region: mars
                    configuration: {maxTokens: {value: 0, mode: limit}}
                  - configuration: {}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("profileConfigurations[0].region: 'mars'")
                .hasMessageContaining("profileConfigurations[0].configuration: 1 validation error detected: Value '0' at "
                        + "'maxTokens.value'")
                .hasMessageContaining("profileConfigurations[1].profile: missing");
    }
}
