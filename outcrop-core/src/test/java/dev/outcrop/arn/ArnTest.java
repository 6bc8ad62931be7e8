package dev.outcrop.arn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArnTest {
    @Test
    void aResourceIdMayContainColonsAndSlashes() {
        Arn arn = Arn.parse("arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1").orElseThrow();

        assertThat(arn.resourceType()).isEqualTo("default-prompt-router");
        assertThat(arn.resourceId()).isEqualTo("anthropic.claude:1");
        assertThat(arn.toString()).isEqualTo("arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1");
    }

    @Test
    void aFoundationModelArnHasNoAccount() {
        Arn arn = Arn.parse("arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0").orElseThrow();

        assertThat(arn.account()).isEmpty();
        assertThat(arn.region()).isEqualTo("us-west-2");
        assertThat(Arn.foundationModel("aws", "us-west-2", "anthropic.claude-3-haiku-20240307-v1:0")).isEqualTo(arn);
    }

    @Test
    void textThatIsNotAnArnOfTypeSlashIdIsRejected() {
        assertThat(Arn.parse("anthropic.claude-3-haiku-20240307-v1:0")).isEmpty();
        assertThat(Arn.parse("arn:aws:bedrock:us-east-1:123456789012")).isEmpty();
        assertThat(Arn.parse("arn:aws:bedrock:us-east-1:123456789012:no-slash")).isEmpty();
        assertThat(Arn.parse("arn:aws:bedrock:us-east-1:123456789012:type/")).isEmpty();
        assertThat(Arn.parse(null)).isEmpty();
    }
}
