package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.identity.IdentityService;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.token.credentials.StaticTokenProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrock.model.BedrockException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;

/** Authentication and authorization as real clients meet them. */
class AccessTest {
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

    private BedrockRuntimeClient runtime(AwsCredentialsProvider credentials) {
        return BedrockRuntimeClient.builder().endpointOverride(outcrop.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).overrideConfiguration(TestOutcrop.noRetries()).build();
    }

    private BedrockClient bedrock(AwsCredentialsProvider credentials) {
        return BedrockClient.builder().endpointOverride(outcrop.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).overrideConfiguration(TestOutcrop.noRetries()).build();
    }

    private BedrockRuntimeClient bearer(String token) {
        return BedrockRuntimeClient.builder().endpointOverride(outcrop.endpoint()).region(Region.US_EAST_1)
                .tokenProvider(StaticTokenProvider.create(() -> token))
                .authSchemeProvider(params -> List.of(AuthSchemeOption.builder().schemeId("smithy.api#httpBearerAuth").build()))
                .overrideConfiguration(TestOutcrop.noRetries()).build();
    }

    private static StaticCredentialsProvider keys(String id, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
    }

    @Test
    void aRequestWithoutCredentialsIsRefused() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                outcrop.endpoint().resolve("/inference-profiles")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
    }

    @Test
    void anUnknownKeyAndAWrongSecretAreRefusedAsAwsRefusesThem() {
        try (BedrockClient unknown = bedrock(keys("AKIAUNKNOWNUNKNOWN00", "whatever-secret-value"));
             BedrockClient wrong = bedrock(keys(TestOutcrop.ROOT_KEY, TestOutcrop.ROOT_SECRET + "x"))) {
            assertThatThrownBy(() -> unknown.listInferenceProfiles(r -> { }))
                    .isInstanceOfSatisfying(BedrockException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                        assertThat(e.getMessage()).startsWith("The security token included in the request is invalid.");
                    });
            assertThatThrownBy(() -> wrong.listInferenceProfiles(r -> { }))
                    .isInstanceOfSatisfying(BedrockException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.getMessage()).doesNotContain(TestOutcrop.ROOT_KEY).doesNotContain("canonical");
                    });
        }
    }

    @Test
    void aBedrockApiKeyAuthenticatesUntilItExpiresOrIsRevoked() {
        IdentityService identity = outcrop.outcrop().identity();
        String valid = identity.createApiKey("root", Duration.ofDays(1)).token();
        IdentityService.NewApiKey revoked = identity.createApiKey("root", null);
        identity.revokeApiKey(revoked.keyId());
        String expired = identity.createApiKey("root", Duration.ofMillis(1)).token();

        try (BedrockRuntimeClient client = bearer(valid)) {
            assertThat(client.converse(r -> r.modelId(HAIKU).messages(HI)).stopReasonAsString()).isEqualTo("end_turn");
        }
        try (BedrockRuntimeClient client = bearer(revoked.token())) {
            assertThatThrownBy(() -> client.converse(r -> r.modelId(HAIKU).messages(HI)))
                    .isInstanceOfSatisfying(BedrockRuntimeException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
        try (BedrockRuntimeClient client = bearer(expired)) {
            assertThatThrownBy(() -> client.converse(r -> r.modelId(HAIKU).messages(HI)))
                    .isInstanceOfSatisfying(BedrockRuntimeException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException"));
        }
    }

    @Test
    void aBodySignedAsUnsignedPayloadIsAcceptedAndItsHeaderChecked() throws Exception {
        byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        java.net.URI uri = outcrop.endpoint().resolve("/model/" + HAIKU.replace(":", "%3A") + "/converse");
        // The SDK disables payload signing only over HTTPS; the scheme is not part of what SigV4 signs.
        java.net.URI httpsUri = java.net.URI.create(uri.toString().replaceFirst("^http:", "https:"));
        var unsigned = software.amazon.awssdk.http.SdkHttpFullRequest.builder().method(software.amazon.awssdk.http.SdkHttpMethod.POST)
                .uri(httpsUri).putHeader("Content-Type", "application/json")
                .contentStreamProvider(() -> new java.io.ByteArrayInputStream(body)).build();
        var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(TestOutcrop.ROOT_KEY, TestOutcrop.ROOT_SECRET))
                .request(unsigned).payload(() -> new java.io.ByteArrayInputStream(body))
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false))
                .request();
        assertThat(signed.firstMatchingHeader("x-amz-content-sha256")).hasValue("UNSIGNED-PAYLOAD");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> request.header(name, v));
            }
        });

        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"stopReason\":\"end_turn\"");
    }

    @Test
    void temporaryCredentialsWorkOnlyWithTheirSessionToken() {
        IdentityService identity = outcrop.outcrop().identity();
        IdentityService.NewAccessKey temporary = identity.createTemporaryCredentials("root", Duration.ofHours(1));

        try (BedrockClient withToken = bedrock(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                temporary.accessKeyId(), temporary.secretAccessKey(), temporary.sessionToken())));
             BedrockClient withoutToken = bedrock(keys(temporary.accessKeyId(), temporary.secretAccessKey()))) {
            assertThat(withToken.listInferenceProfiles(r -> r.maxResults(1)).inferenceProfileSummaries()).hasSize(1);
            assertThatThrownBy(() -> withoutToken.listInferenceProfiles(r -> { }))
                    .isInstanceOfSatisfying(BedrockException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException"));
        }
    }

    @Test
    void aDeactivatedKeyStopsWorking() {
        IdentityService identity = outcrop.outcrop().identity();
        identity.createPrincipal("carol", dev.outcrop.identity.Principal.Kind.USER);
        identity.putPolicy("carol", "all", "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}");
        IdentityService.NewAccessKey key = identity.createAccessKey("carol");
        try (BedrockClient client = bedrock(keys(key.accessKeyId(), key.secretAccessKey()))) {
            assertThat(client.listInferenceProfiles(r -> r.maxResults(1)).inferenceProfileSummaries()).hasSize(1);
            identity.setAccessKeyActive(key.accessKeyId(), false);
            assertThatThrownBy(() -> client.listInferenceProfiles(r -> { })).isInstanceOf(BedrockException.class);
        }
    }

    @Test
    void aWorkloadConversesThroughItsProfileAndIsDeniedEverythingElse() throws Exception {
        String profileArn;
        try (BedrockClient root = outcrop.bedrock()) {
            profileArn = root.createInferenceProfile(r -> r.inferenceProfileName("team-a")
                    .modelSource(s -> s.copyFrom("arn:aws:bedrock:us-east-1:123456789012:inference-profile/" + HAIKU_PROFILE)))
                    .inferenceProfileArn();
        }
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                outcrop.endpoint().resolve("/_outcrop/workloads")).header("Authorization", outcrop.rootBearer())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"team-a-lambda\",\"profile\":\"" + profileArn + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode env = new ObjectMapper().readTree(created.body()).path("environment");
        assertThat(env.path("BEDROCK_PROFILE").asText()).isEqualTo(profileArn);
        assertThat(env.path("BEDROCK_MODEL").asText()).isEqualTo(HAIKU);
        StaticCredentialsProvider workload = keys(env.path("AWS_ACCESS_KEY_ID").asText(), env.path("AWS_SECRET_ACCESS_KEY").asText());

        try (BedrockRuntimeClient runtime = runtime(workload); BedrockClient bedrock = bedrock(workload)) {
            assertThat(runtime.converse(r -> r.modelId(profileArn).messages(HI)).stopReasonAsString()).isEqualTo("end_turn");
            assertThat(bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(profileArn)).inferenceProfileArn())
                    .isEqualTo(profileArn);
            assertThat(bedrock.listInferenceProfiles(r -> r.typeEquals("APPLICATION")).inferenceProfileSummaries()).hasSize(1);

            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU).messages(HI)))
                    .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException.class)
                    .hasMessageContaining("Role: arn:aws:iam::123456789012:role/team-a-lambda is not authorized to perform: "
                            + "bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU
                            + " because no identity-based policy allows the bedrock:InvokeModel action");
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(HI)))
                    .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException.class);
            assertThatThrownBy(() -> bedrock.deleteInferenceProfile(r -> r.inferenceProfileIdentifier(profileArn)))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> bedrock.listFoundationModels(r -> { })).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> bedrock.createInferenceProfile(r -> r.inferenceProfileName("mine")
                    .modelSource(s -> s.copyFrom("arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU))))
                    .isInstanceOf(AccessDeniedException.class).satisfies(e -> assertThat(((AccessDeniedException) e)
                            .statusCode()).isEqualTo(403));
            assertThatThrownBy(() -> bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier("zzzzzzzzzzzz")))
                    .as("a denied caller learns nothing about what exists").isInstanceOf(AccessDeniedException.class);
        }
        HttpResponse<String> admin = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                outcrop.endpoint().resolve("/_outcrop/deployments")).header("Authorization", "Bearer nope").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).isEqualTo(403);
    }

    @Test
    void aPolicyCanRouteACallOnlyThroughRegionsItAllows() {
        IdentityService identity = outcrop.outcrop().identity();
        identity.createPrincipal("west-only", dev.outcrop.identity.Principal.Kind.USER);
        identity.putPolicy("west-only", "p", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": [
                    "arn:aws:bedrock:us-east-1:*:inference-profile/*",
                    "arn:aws:bedrock:us-west-2::foundation-model/*"]}]}""");
        IdentityService.NewAccessKey key = identity.createAccessKey("west-only");

        try (BedrockRuntimeClient runtime = runtime(keys(key.accessKeyId(), key.secretAccessKey()))) {
            var response = runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(HI));
            assertThat(response.sdkHttpResponse().firstMatchingHeader("x-outcrop-served-region")).hasValue("us-west-2");
        }
    }

    @Test
    void tagConditionsDecideAccessToAProfile() {
        IdentityService identity = outcrop.outcrop().identity();
        String search;
        String ads;
        try (BedrockClient root = outcrop.bedrock()) {
            search = root.createInferenceProfile(r -> r.inferenceProfileName("search").tags(t -> t.key("team").value("search"))
                    .modelSource(s -> s.copyFrom("arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU))).inferenceProfileArn();
            ads = root.createInferenceProfile(r -> r.inferenceProfileName("ads").tags(t -> t.key("team").value("ads"))
                    .modelSource(s -> s.copyFrom("arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU))).inferenceProfileArn();
        }
        identity.createPrincipal("searcher", dev.outcrop.identity.Principal.Kind.USER);
        identity.putPolicy("searcher", "p", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:*:*:application-inference-profile/*",
                   "Condition": {"StringEquals": {"aws:ResourceTag/team": "search"}}},
                  {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:*::foundation-model/*",
                   "Condition": {"ArnLike": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:*:*:application-inference-profile/*"}}}]}""");
        IdentityService.NewAccessKey key = identity.createAccessKey("searcher");

        try (BedrockRuntimeClient runtime = runtime(keys(key.accessKeyId(), key.secretAccessKey()))) {
            assertThat(runtime.converse(r -> r.modelId(search).messages(HI)).stopReasonAsString()).isEqualTo("end_turn");
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(ads).messages(HI)))
                    .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException.class);
        }
    }

    /** A user with {@code policy} (none when null) and the credentials of its new access key. */
    private StaticCredentialsProvider user(String name, String policy) {
        IdentityService identity = outcrop.outcrop().identity();
        identity.createPrincipal(name, dev.outcrop.identity.Principal.Kind.USER);
        if (policy != null) {
            identity.putPolicy(name, "p", policy);
        }
        IdentityService.NewAccessKey key = identity.createAccessKey(name);
        return keys(key.accessKeyId(), key.secretAccessKey());
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
    void anEscapedStarInAResourceIsALiteralStarNotAWildcard() {
        String profile = applicationProfile();
        String profiles = profile.substring(0, profile.lastIndexOf('/') + 1);
        StaticCredentialsProvider escaped = user("escaped", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:InvokeModel",
                   "Resource": ["%s${*}", "arn:aws:bedrock:*::foundation-model/*"]}]}""".formatted(profiles));

        try (BedrockRuntimeClient runtime = runtime(escaped)) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(profile).messages(HI)))
                    .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException.class)
                    .hasMessageContaining("because no identity-based policy allows the bedrock:InvokeModel action");
        }
    }

    @Test
    void aDenyWithArnEqualsAndWildcardsDeniesACallThroughAnApplicationProfile() {
        String profile = applicationProfile();
        StaticCredentialsProvider denied = user("arn-equals", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"},
                  {"Effect": "Deny", "Action": "bedrock:*", "Resource": "*",
                   "Condition": {"ArnEquals": {"bedrock:InferenceProfileArn": "arn:aws:bedrock:*:*:application-inference-profile/*"}}}]}""");

        try (BedrockRuntimeClient runtime = runtime(denied)) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(profile).messages(HI)))
                    .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException.class)
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
    void anApplicationProfilesExistenceIsRevealedOnlyToACallerAllowedToUseIt() {
        String existing = applicationProfile();
        StaticCredentialsProvider nobody = user("nobody", null);
        StaticCredentialsProvider allowed = user("allowed", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:InvokeModel", "Resource": "arn:aws:bedrock:*:*:application-inference-profile/*"}]}""");

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
        try (BedrockRuntimeClient runtime = runtime(allowed)) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(MISSING_PROFILE).messages(HI)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void aCallersTagThatIsNotADateInADateConditionIsDeniedNotAnError() {
        String profile = applicationProfile();
        StaticCredentialsProvider tagger = user("tagger", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:TagResource", "Resource": "*",
                   "Condition": {"DateLessThan": {"aws:RequestTag/expires": "2030-01-01T00:00:00Z"}}}]}""");

        try (BedrockClient bedrock = bedrock(tagger)) {
            for (String notADate : List.of("99999999999999999999", "soon")) {
                assertThatThrownBy(() -> bedrock.tagResource(r -> r.resourceARN(profile)
                        .tags(t -> t.key("expires").value(notADate))))
                        .as(notADate).isInstanceOfSatisfying(AccessDeniedException.class,
                                e -> assertThat(e.statusCode()).isEqualTo(403));
            }
            bedrock.tagResource(r -> r.resourceARN(profile).tags(t -> t.key("expires").value("2029-06-30T00:00:00Z")));
        }
    }

    @Test
    void aStoredPolicyThatNoLongerParsesDeniesEverythingInsteadOfFailingEveryRequest() throws Exception {
        StaticCredentialsProvider legacy = user("legacy", "{\"Version\":\"2012-10-17\",\"Statement\":"
                + "{\"Effect\":\"Allow\",\"Action\":\"bedrock:*\",\"Resource\":\"*\"}}");
        outcrop.close();
        // What an earlier version stored before it refused a repeated key: the last Effect would have won.
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("outcrop.db"));
             java.sql.PreparedStatement update = db.prepareStatement("UPDATE principal_policy SET document = ? "
                     + "WHERE principal_id = (SELECT id FROM principal WHERE name = 'legacy')")) {
            update.setString(1, "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\","
                    + "\"Resource\":\"*\",\"Effect\":\"Allow\"}}");
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        outcrop = TestOutcrop.start(dataDir);

        try (BedrockRuntimeClient runtime = runtime(legacy)) {
            assertThatThrownBy(() -> runtime.converse(r -> r.modelId(HAIKU_PROFILE).messages(HI)))
                    .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException.class);
        }
        try (BedrockClient root = outcrop.bedrock()) {
            assertThat(root.listInferenceProfiles(r -> r.maxResults(1)).inferenceProfileSummaries()).hasSize(1);
        }
    }
}
