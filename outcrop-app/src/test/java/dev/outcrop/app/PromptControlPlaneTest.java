package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.identity.IdentityService;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Prompt management on the wire, from Java: requests signed by the AWS SDK for Java v2's own SigV4 signer (the
 * SDK's {@code bedrockagent} client is not served by the Maven mirror this project builds from), answers read as
 * its clients read them: status, {@code X-Amzn-ErrorType} and JSON body.
 */
class PromptControlPlaneTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String VARIANT = """
            {"name": "main", "templateType": "TEXT", "modelId": "%s",
             "templateConfiguration": {"text": {"text": "Tell me about {{topic}}", "inputVariables": [{"name": "topic"}]}},
             "inferenceConfiguration": {"text": {"temperature": 0.3, "maxTokens": 64}}}""".formatted(HAIKU);

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

    private HttpResponse<String> call(AwsCredentials credentials, String method, String path, String body)
            throws Exception {
        return SignedHttp.send(credentials, method, outcrop.endpoint().resolve(path), body);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return call(TestOutcrop.CREDENTIALS.resolveCredentials(), method, path, body);
    }

    private JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return JSON.readTree(response.body());
    }

    private JsonNode create(String name) throws Exception {
        return ok(call("POST", "/prompts/", "{\"name\": \"" + name + "\", \"defaultVariant\": \"main\", \"variants\": ["
                + VARIANT + "]}"));
    }

    private static String withTemplate(String text) {
        return VARIANT.replace("Tell me about {{topic}}", text);
    }

    @Test
    void createPromptAnswers201WithTheDraftItsIdAndItsArn() throws Exception {
        HttpResponse<String> response = call("POST", "/prompts/", "{\"name\": \"facts\", \"variants\": [" + VARIANT + "]}");
        JsonNode created = JSON.readTree(response.body());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(created.path("id").asText()).matches("[0-9A-Z]{10}");
        assertThat(created.path("arn").asText()).matches("arn:aws:bedrock:us-east-1:\\d{12}:prompt/[0-9A-Z]{10}");
        assertThat(created.path("version").asText()).isEqualTo("DRAFT");
        assertThat(created.path("variants").get(0).path("inferenceConfiguration").path("text").path("maxTokens").asInt())
                .isEqualTo(64);
    }

    @Test
    void aVersionKeepsWhatTheDraftHadWhenItWasCreatedThroughLaterUpdates() throws Exception {
        JsonNode draft = create("facts");
        JsonNode v1 = ok(call("POST", "/prompts/" + draft.path("id").asText() + "/versions", "{}"));
        ok(call("PUT", "/prompts/" + draft.path("id").asText() + "/", "{\"name\": \"facts\", \"variants\": ["
                + withTemplate("Changed {{topic}}") + "]}"));

        JsonNode kept = ok(call("GET", "/prompts/" + draft.path("id").asText() + "/?promptVersion=1", ""));
        JsonNode byArn = ok(call("GET", "/prompts/" + SignedHttpPaths.label(v1.path("arn").asText()) + "/", ""));

        assertThat(v1.path("arn").asText()).isEqualTo(draft.path("arn").asText() + ":1");
        assertThat(kept.path("variants").get(0).path("templateConfiguration").path("text").path("text").asText())
                .isEqualTo("Tell me about {{topic}}");
        assertThat(byArn).isEqualTo(kept);
    }

    @Test
    void aVersionCannotBeUpdated() throws Exception {
        JsonNode draft = create("facts");
        JsonNode v1 = ok(call("POST", "/prompts/" + draft.path("id").asText() + "/versions", "{}"));

        HttpResponse<String> response = call("PUT", "/prompts/" + SignedHttpPaths.label(v1.path("arn").asText()) + "/",
                "{\"name\": \"facts\", \"variants\": []}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("ValidationException");
        assertThat(response.body()).contains("versions are immutable");
    }

    @Test
    void aClientTokenRepeatedWithTheSameRequestAnswersTheSamePromptAndWithAnotherIsAConflict() throws Exception {
        String token = "a".repeat(40);
        String body = "{\"name\": \"facts\", \"clientToken\": \"" + token + "\", \"variants\": [" + VARIANT + "]}";
        JsonNode first = ok(call("POST", "/prompts/", body));
        JsonNode again = ok(call("POST", "/prompts/", body));
        HttpResponse<String> other = call("POST", "/prompts/", body.replace("facts", "other"));

        assertThat(again.path("id")).isEqualTo(first.path("id"));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(409);
        assertThat(other.headers().firstValue("X-Amzn-ErrorType")).contains("ConflictException");
    }

    @Test
    void deletingAVersionLeavesThePromptAndDeletingThePromptLeavesNoVersion() throws Exception {
        String id = create("facts").path("id").asText();
        ok(call("POST", "/prompts/" + id + "/versions", "{}"));
        ok(call("POST", "/prompts/" + id + "/versions", "{}"));

        JsonNode deleted = ok(call("DELETE", "/prompts/" + id + "/?promptVersion=1", ""));
        JsonNode listed = ok(call("GET", "/prompts/?promptIdentifier=" + id, ""));
        ok(call("DELETE", "/prompts/" + id + "/", ""));

        assertThat(deleted.path("version").asText()).isEqualTo("1");
        assertThat(listed.path("promptSummaries").findValuesAsText("version")).containsExactly("DRAFT", "2");
        assertThat(call("GET", "/prompts/" + id + "/?promptVersion=2", "").statusCode()).isEqualTo(404);
    }

    static Stream<Arguments> invalidRequests() {
        String bad = "/prompts/";
        return Stream.of(
                Arguments.of("a name outside the model's pattern", "POST", bad, "{\"name\": \"no spaces\"}", "name"),
                Arguments.of("a create without a name", "POST", bad, "{\"variants\": []}", "name"),
                Arguments.of("a temperature above 1", "POST", bad, "{\"name\": \"p\", \"variants\": ["
                        + VARIANT.replace("0.3", "1.5") + "]}", "temperature"),
                Arguments.of("two variants where the model allows one", "POST", bad, "{\"name\": \"p\", \"variants\": ["
                        + VARIANT + "," + VARIANT.replace("\"main\"", "\"second\"") + "]}", "variants"),
                Arguments.of("a templateType whose configuration is missing", "POST", bad, "{\"name\": \"p\", "
                        + "\"variants\": [" + VARIANT.replace("\"TEXT\"", "\"CHAT\"") + "]}", "templateConfiguration"),
                Arguments.of("a defaultVariant naming no variant", "POST", bad, "{\"name\": \"p\", "
                        + "\"defaultVariant\": \"other\", \"variants\": [" + VARIANT + "]}", "defaultVariant"),
                Arguments.of("a modelId naming nothing callable", "POST", bad, "{\"name\": \"p\", \"variants\": ["
                        + VARIANT.replace(HAIKU, "no.such-model-v1:0") + "]}", "modelId"),
                Arguments.of("an input variable declared twice", "POST", bad, "{\"name\": \"p\", \"variants\": ["
                        + VARIANT.replace("[{\"name\": \"topic\"}]", "[{\"name\": \"topic\"}, {\"name\": \"topic\"}]")
                        + "]}", "declared twice"),
                Arguments.of("an agent as the variant's resource", "POST", bad, "{\"name\": \"p\", \"variants\": ["
                        + VARIANT.replace("\"name\": \"main\",", "\"name\": \"main\", \"genAiResource\": {\"agent\": "
                        + "{\"agentIdentifier\": \"arn:aws:bedrock:us-east-1:123456789012:agent-alias/ABCDEFGHIJ/ABCDEFGHIJ\"}},")
                        + "]}", "genAiResource"),
                Arguments.of("a client token shorter than 33 characters", "POST", bad,
                        "{\"name\": \"p\", \"clientToken\": \"short\"}", "clientToken"),
                Arguments.of("a reserved tag key", "POST", bad, "{\"name\": \"p\", \"tags\": {\"aws:x\": \"y\"}}", "aws:"),
                Arguments.of("a malformed prompt identifier", "GET", "/prompts/not-an-id/", "", "promptIdentifier"),
                Arguments.of("a version that is not DRAFT or a number", "GET", "/prompts/ABCDEFGHIJ/?promptVersion=x", "",
                        "promptVersion"),
                Arguments.of("a deletion of the draft by version", "DELETE", "/prompts/ABCDEFGHIJ/?promptVersion=DRAFT",
                        "", "promptVersion"),
                Arguments.of("a page size above 1000", "GET", "/prompts/?maxResults=1001", "", "maxResults"),
                Arguments.of("a nextToken of another listing", "GET", "/prompts/?nextToken=abc", "", "nextToken"));
    }

    @ParameterizedTest(name = "{0} is a ValidationException naming it")
    @MethodSource("invalidRequests")
    void anInvalidRequestIsAValidationExceptionNamingWhatIsWrong(String what, String method, String path, String body,
                                                                 String named) throws Exception {
        HttpResponse<String> response = call(method, path, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("ValidationException");
        assertThat(response.body()).contains(named);
    }

    @Test
    void aPromptOfAnotherAccountIsNotFound() throws Exception {
        HttpResponse<String> response = call("GET",
                "/prompts/" + SignedHttpPaths.label("arn:aws:bedrock:us-east-1:999999999999:prompt/ABCDEFGHIJ") + "/", "");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("ResourceNotFoundException");
    }

    @Test
    void iamDecidesGetPromptByThePromptsArnAndItsTags() throws Exception {
        JsonNode open = create("open");
        JsonNode secret = create("secret");
        ok(call("POST", "/tags/" + SignedHttpPaths.label(secret.path("arn").asText()), "{\"tags\": {\"level\": \"secret\"}}"));
        AwsCredentials reader = user("reader", """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "bedrock:GetPrompt", "Resource": "arn:aws:bedrock:*:*:prompt/*"},
                  {"Effect": "Deny", "Action": "bedrock:*", "Resource": "*",
                   "Condition": {"StringEquals": {"aws:ResourceTag/level": "secret"}}}]}""");

        assertThat(call(reader, "GET", "/prompts/" + open.path("id").asText() + "/", "").statusCode()).isEqualTo(200);
        HttpResponse<String> denied = call(reader, "GET", "/prompts/" + secret.path("id").asText() + "/", "");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("bedrock:GetPrompt");
        assertThat(call(reader, "DELETE", "/prompts/" + open.path("id").asText() + "/", "").statusCode()).isEqualTo(403);
    }

    @Test
    void anAgentOperationOutcropDoesNotServeAnswersUnknownOperation() throws Exception {
        HttpResponse<String> response = call("POST", "/agents/", "{}"); // ListAgents

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("UnknownOperationException");
    }

    private AwsCredentials user(String name, String policy) {
        IdentityService identity = outcrop.outcrop().identity();
        identity.createPrincipal(name, dev.outcrop.identity.Principal.Kind.USER);
        identity.putPolicy(name, "p", policy);
        IdentityService.NewAccessKey key = identity.createAccessKey(name);
        return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
    }

    /** Path labels as the SDKs send them: every reserved character percent-encoded. */
    static final class SignedHttpPaths {
        private SignedHttpPaths() {}

        static String label(String value) {
            return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        }
    }
}
