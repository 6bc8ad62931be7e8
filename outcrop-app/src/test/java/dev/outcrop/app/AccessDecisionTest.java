package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.Principal;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;

/** Which calls a policy allows, decided before anything about the resource is revealed, through the Java SDK. */
class AccessDecisionTest {
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String HAIKU_PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";
    private static final String MISSING_PROFILE =
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/zzzzzzzzzzzz";
    private static final Message HI = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("hi")).build();

    @TempDir
    Path dataDir;
    TestOutcrop outcrop;

    @BeforeEach
    void start() {
        outcrop = TestOutcrop.start(dataDir);
    }

    @AfterEach
    void stop() {
        outcrop.close();
    }

    /** A user with {@code policy} (none when null) and the credentials of its new access key. */
    private StaticCredentialsProvider user(String name, String policy) {
        IdentityService identity = outcrop.outcrop().identity();
        identity.createPrincipal(name, Principal.Kind.USER);
        if (policy != null) {
            identity.putPolicy(name, "p", policy);
        }
        IdentityService.NewAccessKey key = identity.createAccessKey(name);
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    private BedrockRuntimeClient runtime(StaticCredentialsProvider credentials) {
        return BedrockRuntimeClient.builder().endpointOverride(outcrop.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).overrideConfiguration(TestOutcrop.noRetries()).build();
    }

    private BedrockClient bedrock(StaticCredentialsProvider credentials) {
        return BedrockClient.builder().endpointOverride(outcrop.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).overrideConfiguration(TestOutcrop.noRetries()).build();
    }

    private String applicationProfile() {
        try (BedrockClient root = outcrop.bedrock()) {
            return root.createInferenceProfile(r -> r.inferenceProfileName("team-a")
                    .modelSource(s -> s.copyFrom("arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU))).inferenceProfileArn();
        }
    }

    @Test
    void aDenyOnArnAwsBedrockStarDeniesConverseAndGetInferenceProfileDespiteAnAllowOnEverything() {
        StaticCredentialsProvider denied = user("denied", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"},
                  {"Effect": "Deny", "Action": "bedrock:*", "Resource": "arn:aws:bedrock:*"}]}""");

        try (BedrockRuntimeClient runtime = runtime(denied); BedrockClient bedrock = bedrock(denied)) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(HI)))
                    .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException.class)
                    .hasMessageContaining("on resource: arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU
                            + " with an explicit deny in an identity-based policy");
            assertThatThrownBy(() -> bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(HAIKU_PROFILE)))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("with an explicit deny in an identity-based policy");
        }
    }

    @Test
    void anAllowWithANotResourceOfArnAwsBedrockStarAllowsNoBedrockResource() {
        StaticCredentialsProvider excluded = user("excluded", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:*", "NotResource": "arn:aws:bedrock:*"}]}""");

        try (BedrockRuntimeClient runtime = runtime(excluded)) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(HI)))
                    .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException.class)
                    .hasMessageContaining("because no identity-based policy allows the bedrock:InvokeModel action");
        }
    }

    @Test
    void aPrincipalWithoutAPolicyIsDeniedAnExistingAndAMissingApplicationProfileAlike() {
        String existing = applicationProfile();
        StaticCredentialsProvider nobody = user("nobody", null);

        try (BedrockRuntimeClient runtime = runtime(nobody)) {
            for (String profile : new String[] {existing, MISSING_PROFILE}) {
                assertThatThrownBy(() -> runtime.converse(r -> r.modelId(profile).messages(HI)))
                        .as(profile).isInstanceOfSatisfying(
                                software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException.class,
                                e -> assertThat(e.statusCode()).isEqualTo(403))
                        .hasMessageContaining("bedrock:InvokeModel on resource: " + profile + " because");
                assertThatThrownBy(() -> runtime.invokeModel(r -> r.modelId(profile)
                        .body(SdkBytes.fromUtf8String("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":10,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))))
                        .as(profile).isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException.class);
            }
        }
    }

    @Test
    void aPrincipalAllowedToUseApplicationProfilesLearnsThatAMissingOneDoesNotExist() {
        StaticCredentialsProvider allowed = user("allowed", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:*:*:application-inference-profile/*"}]}""");

        try (BedrockRuntimeClient runtime = runtime(allowed)) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(MISSING_PROFILE).messages(HI)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }
}
