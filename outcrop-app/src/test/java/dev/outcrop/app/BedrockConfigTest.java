package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BedrockConfigTest {

    @Test
    void theOneLineFormMapsTheWholeCatalogWithTheSdkChainByDefault() {
        OutcropConfig config = ConfigLoader.parse("bedrock: {regions: [us-east-1, eu-west-1]}\n", "test");

        assertThat(config.bedrock().regions()).containsExactly("us-east-1", "eu-west-1");
        assertThat(config.bedrock().models()).isEmpty();
        assertThat(config.bedrock().credentials()).isEqualTo(BedrockConfig.Credentials.CHAIN);
    }

    @Test
    void everyBadBedrockValueIsReportedWithItsPath() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                bedrock:
                  credentials: role
                  roleArn: arn:aws:iam::12:user/x
                  endpoints: {us-east-1: "ftp://proxy", Mars: "http://x"}
                  models: [acme.unknown-v1:0]
                """, "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bedrock.roleArn: 'arn:aws:iam::12:user/x'")
                .hasMessageContaining("bedrock.endpoints.us-east-1: 'ftp://proxy'")
                .hasMessageContaining("bedrock.endpoints: 'Mars'")
                .hasMessageContaining("bedrock.models: 'acme.unknown-v1:0' is not a foundation model of the catalog")
                .hasMessageContaining("bedrock.models: given without bedrock.regions");
    }

    @Test
    void anApiKeyWhoseVariableIsUnsetStopsTheStart() {
        OutcropConfig config = ConfigLoader.parse("bedrock: {credentials: apiKey, regions: [us-east-1]}\n", "test",
                Map.of("AWS_BEARER_TOKEN_BEDROCK", "k"));

        assertThatThrownBy(() -> config.validate(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bedrock.apiKeyEnv: the environment variable AWS_BEARER_TOKEN_BEDROCK is not set");
        assertThat(config.validate(Map.of("AWS_BEARER_TOKEN_BEDROCK", "k")).bedrock().apiKeyEnv())
                .isEqualTo("AWS_BEARER_TOKEN_BEDROCK");
    }
}
