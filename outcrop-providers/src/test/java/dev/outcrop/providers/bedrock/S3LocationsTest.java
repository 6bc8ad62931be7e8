package dev.outcrop.providers.bedrock;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.error.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class S3LocationsTest {
    private static final String CONVERSE = """
            {"messages":[{"role":"user","content":[{"text":"what is this?"},
              {"image":{"format":"png","source":{"s3Location":{"uri":"s3://payroll/2026.png","bucketOwner":"%s"}}}}]}]}""";

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anS3LocationIsRefusedByDefaultWhereverTheBodyPutsIt() {
        S3Locations refused = S3Locations.refused();

        assertThatThrownBy(() -> refused.check(bytes(CONVERSE.formatted("111122223333"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'messages.0.content.1.image.source.s3Location'");
        // A tool result's document, Nova's native video, and a member name spelled with a JSON escape
        assertThatThrownBy(() -> refused.check(bytes("""
                {"messages":[{"role":"user","content":[{"toolResult":{"toolUseId":"t","content":[
                  {"document":{"format":"pdf","name":"d","source":{"s3Location":{"uri":"s3://b/k"}}}}]}}]}]}""")))
                .hasMessageContaining("'messages.0.content.0.toolResult.content.0.document.source.s3Location'");
        assertThatThrownBy(() -> refused.check(bytes("""
                {"schemaVersion":"messages-v1","messages":[{"role":"user","content":[
                  {"video":{"format":"mp4","source":{"s3Loca\\u0074ion":{"uri":"s3://b/v.mp4"}}}}]}]}""")))
                .hasMessageContaining("'messages.0.content.0.video.source.s3Location'");
        // An s3Uri, as some native bodies name their media
        assertThatThrownBy(() -> refused.check(bytes("""
                {"inputPrompt":"describe","mediaSource":{"s3Uri":"s3://payroll/call.mp4"}}""")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'mediaSource.s3Uri'");
        // CountTokens' InvokeModel body is a JSON document inside a string
        assertThatThrownBy(() -> refused.check(bytes("""
                {"input":{"invokeModel":{"body":"{\\"messages\\":[{\\"role\\":\\"user\\",\\"content\\":[{\\"image\\":\
                {\\"format\\":\\"png\\",\\"source\\":{\\"s3Location\\":{\\"uri\\":\\"s3://b/i.png\\"}}}}]}]}"}}}""")))
                .hasMessageContaining("'input.invokeModel.body.messages.0.content.0.image.source.s3Location'");
    }

    @Test
    void theCallersOwnJsonDataMayHoldTheWord() {
        assertThatCode(() -> S3Locations.refused().check(bytes("""
                {"messages":[{"role":"assistant","content":[{"toolUse":{"toolUseId":"t","name":"copy",
                  "input":{"s3Location":{"uri":"s3://b/k"}}}}]},
                  {"role":"user","content":[{"toolResult":{"toolUseId":"t","content":[{"json":{"s3Location":"s3://b/k"}}]}},
                  {"text":"s3Location"}]}]}"""))).doesNotThrowAnyException();
    }

    @Test
    void onceAllowedALocationMustNameOneOfTheListedBucketOwners() {
        S3Locations listed = S3Locations.allowed(Set.of("111122223333"));

        assertThatCode(() -> listed.check(bytes(CONVERSE.formatted("111122223333")))).doesNotThrowAnyException();
        assertThatThrownBy(() -> listed.check(bytes(CONVERSE.formatted("444455556666"))))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'messages.0.content.1.image.source.s3Location.bucketOwner'")
                .hasMessageNotContaining("111122223333");
        assertThatThrownBy(() -> listed.check(bytes(CONVERSE.replace(",\"bucketOwner\":\"%s\"", ""))))
                .isInstanceOf(ValidationException.class);
        assertThatCode(() -> S3Locations.allowed(Set.of()).check(bytes(CONVERSE.formatted("444455556666"))))
                .doesNotThrowAnyException();
        // An s3Uri's owner is the bucketOwner beside it; without one, it cannot be shown to be a listed account's
        assertThatCode(() -> listed.check(bytes("""
                {"mediaSource":{"s3Uri":"s3://shared/call.mp4","bucketOwner":"111122223333"}}""")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> listed.check(bytes("""
                {"mediaSource":{"s3Uri":"s3://payroll/call.mp4"}}""")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'mediaSource.bucketOwner'");
    }
}
