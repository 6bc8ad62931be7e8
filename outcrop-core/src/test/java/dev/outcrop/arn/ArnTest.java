package dev.outcrop.arn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    @Test
    void theResourceTypeIsAskedWithoutParsing() {
        String profile = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdefghijkl";

        assertThat(Arn.hasResourceType(profile, "application-inference-profile")).isTrue();
        assertThat(Arn.hasResourceType(profile, "application-inference")).isFalse();
        assertThat(Arn.hasResourceType(profile, "application-inference-profile/abc")).isFalse();
        assertThat(Arn.hasResourceType("arn:aws:bedrock:us-east-1::prompt/", "prompt")).isFalse();
        assertThat(Arn.hasResourceType("anthropic.claude-3-haiku-20240307-v1:0", "foundation-model")).isFalse();
        assertThat(Arn.hasResourceType(null, "prompt")).isFalse();
    }

    /** Every way a text can miss or meet the form, read as the split at the first five colons reads it. */
    @Test
    void parsingAgreesWithSplittingAtTheFirstFiveColons() {
        List<String> pieces = List.of("", "arn", "aws", ":", "/", "a/b", "x:y", "type/id", "/id", "type/");
        List<String> texts = new ArrayList<>(List.of("arn:", "arn::::", "arn:::::", "arn:a::::t/i", "arn::b:::t/i",
                "arn:a:b:::t/i", "arn:a:b:c:d:t/i:j/k", "arn:a:b:c:d:/i", "arn:a:b:c:d:t/", "arn:a:b:c:d:t", "ar:a:b:c:d:t/i"));
        for (String first : pieces) {
            for (String second : pieces) {
                for (String third : pieces) {
                    texts.add("arn:" + first + ":" + second + "::" + third);
                    texts.add("arn:" + first + second + ":" + third + "::" + second);
                }
            }
        }
        for (String text : texts) {
            Optional<Arn> expected = splitAtColons(text);
            assertThat(Arn.parse(text)).as(text).isEqualTo(expected);
            for (String type : List.of("t", "type", "a", "")) {
                assertThat(Arn.hasResourceType(text, type)).as(text + " of type " + type)
                        .isEqualTo(expected.filter(a -> a.resourceType().equals(type)).isPresent());
            }
        }
    }

    private static Optional<Arn> splitAtColons(String text) {
        if (!text.startsWith("arn:")) {
            return Optional.empty();
        }
        String[] parts = text.split(":", 6);
        if (parts.length != 6 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        int slash = parts[5].indexOf('/');
        if (slash <= 0 || slash == parts[5].length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Arn(parts[1], parts[2], parts[3], parts[4], parts[5].substring(0, slash),
                parts[5].substring(slash + 1)));
    }
}
