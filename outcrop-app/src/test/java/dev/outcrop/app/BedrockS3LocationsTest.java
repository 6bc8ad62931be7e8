package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Content in Amazon S3 ({@code s3Location}) would be read by Bedrock with Outcrop's credentials: the front refuses it
 * unless {@code bedrock.allowS3Locations}, and then only from the accounts of {@code bedrock.s3BucketOwners}.
 */
class BedrockS3LocationsTest {
    private static final String NOVA = "amazon.nova-lite-v1:0";
    private static final String NOVA_PROFILE = "us." + NOVA;

    @TempDir
    Path dataDir;

    private final StubBedrock upstream = startStub();
    private TestOutcrop front;

    private static StubBedrock startStub() {
        try {
            StubBedrock stub = new StubBedrock();
            stub.release(); // every answer whole at once
            return stub;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        upstream.close();
        if (front != null) {
            front.close();
        }
    }

    private void startFront(String moreBedrockYaml) {
        front = upstream.front(dataDir, NOVA, "", moreBedrockYaml);
    }

    private static Message picture(String bucketOwner) {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("what is this?"),
                ContentBlock.fromImage(i -> i.format(ImageFormat.PNG).source(s -> s.s3Location(l -> l
                        .uri("s3://payroll/2026.png").bucketOwner(bucketOwner))))).build();
    }

    @Test
    void anS3LocationIsRefusedByDefaultAndNeverReachesBedrock() {
        startFront("");
        try (BedrockRuntimeClient runtime = front.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(NOVA_PROFILE).messages(picture("111122223333"))))
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.getMessage()).contains("messages.0.content.1.image.source.s3Location");
                    });
            assertThatThrownBy(() -> runtime.countTokens(r -> r.modelId(NOVA)
                    .input(in -> in.converse(c -> c.messages(picture("111122223333"))))))
                    .isInstanceOf(ValidationException.class);
        }
        assertThat(upstream.paths()).isEmpty();
    }

    @Test
    void onceAllowedOnlyTheListedAccountsBucketsGoUpstream() {
        startFront("""
                  allowS3Locations: true
                  s3BucketOwners: ["111122223333"]
                """);
        try (BedrockRuntimeClient runtime = front.runtime()) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(NOVA_PROFILE).messages(picture("444455556666"))))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.getMessage())
                            .contains("messages.0.content.1.image.source.s3Location.bucketOwner")
                            .doesNotContain("111122223333"));
            assertThat(upstream.paths()).isEmpty();

            runtime.converse(r -> r.modelId(NOVA_PROFILE).messages(picture("111122223333")));
        }
        assertThat(upstream.bodies()).singleElement()
                .satisfies(body -> assertThat(body).contains("\"s3Location\"").contains("111122223333"));
    }

    @Test
    void bucketOwnersMustBeAccountIdsAndNeedTheLocationsAllowed() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                bedrock:
                  s3BucketOwners: ["1111-2222-3333"]
                """, "test"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bedrock.s3BucketOwners: '1111-2222-3333' (expected: a 12-digit AWS account id")
                .hasMessageContaining("bedrock.s3BucketOwners: given without bedrock.allowS3Locations: true");
    }
}
