package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/** The admin API's stacks: {@code PUT}, {@code GET} and {@code DELETE /_outcrop/stacks...}, signed as Bedrock calls. */
class StackAdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TEMPLATE = Path.of("src", "test", "resources", "stacks", "team-profile.yaml");
    @TempDir
    Path dataDir;
    private TestOutcrop outcrop;

    @BeforeEach
    void start() {
        outcrop = TestOutcrop.start(dataDir);
    }

    @AfterEach
    void stop() {
        outcrop.close();
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return SignedHttp.send(TestOutcrop.CREDENTIALS.resolveCredentials(), method,
                outcrop.endpoint().resolve("/_outcrop/" + path), body);
    }

    private JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String deployBody(String team, String region) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("templateBody", Files.readString(TEMPLATE));
        body.putObject("parameters").put("Team", team);
        if (region != null) {
            body.put("region", region);
        }
        return body.toString();
    }

    @Test
    void aStackIsDeployedListedDescribedUpdatedAndDeletedInItsRegion() throws Exception {
        JsonNode created = ok(call("PUT", "stacks/ads", deployBody("ads", "us-west-2")));
        assertThat(created.path("status").asText()).isEqualTo("CREATE_COMPLETE");
        assertThat(created.path("region").asText()).isEqualTo("us-west-2");
        assertThat(created.path("parameters").path("Team").asText()).isEqualTo("ads");
        String profileArn = created.path("outputs").path("ProfileArn").path("OutputValue").asText();
        assertThat(profileArn).startsWith("arn:aws:bedrock:us-west-2:");
        assertThat(created.path("resources").get(0).path("physicalId").asText()).isEqualTo(profileArn);
        assertThat(outcrop.bedrock(software.amazon.awssdk.regions.Region.US_WEST_2)
                .getInferenceProfile(r -> r.inferenceProfileIdentifier(profileArn)).inferenceProfileName())
                .isEqualTo("ads-haiku");

        assertThat(ok(call("GET", "stacks", "")).path("stacks")).isEmpty(); // the default region has none
        JsonNode listed = ok(call("GET", "stacks?region=us-west-2", "")).path("stacks");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("stackName").asText()).isEqualTo("ads");
        assertThat(ok(call("GET", "stacks/ads?region=us-west-2", "")).path("stackId").asText())
                .isEqualTo(created.path("stackId").asText());

        JsonNode updated = ok(call("PUT", "stacks/ads", deployBody("growth", "us-west-2")));
        assertThat(updated.path("status").asText()).isEqualTo("UPDATE_COMPLETE");
        JsonNode events = ok(call("GET", "stacks/ads/events?region=us-west-2", "")).path("events");
        assertThat(events.get(0).path("status").asText()).isEqualTo("UPDATE_COMPLETE");
        assertThat(events.findValuesAsText("status")).contains("CREATE_COMPLETE", "UPDATE_IN_PROGRESS");

        JsonNode deleted = ok(call("DELETE", "stacks/ads?region=us-west-2", ""));
        assertThat(deleted.path("status").asText()).isEqualTo("DELETE_COMPLETE");
        assertThat(call("GET", "stacks/ads?region=us-west-2", "").statusCode()).isEqualTo(404);
        assertThat(ok(call("GET", "stacks?region=us-west-2", "")).path("stacks").get(0).path("status").asText())
                .isEqualTo("DELETE_COMPLETE");
    }

    @Test
    void anUpdateThatChangesNothingAndATemplateThatIsRefusedAreValidationErrors() throws Exception {
        ok(call("PUT", "stacks/ads", deployBody("ads", null)));
        HttpResponse<String> same = call("PUT", "stacks/ads", deployBody("ads", null));
        assertThat(same.statusCode()).isEqualTo(400);
        assertThat(same.headers().firstValue("x-amzn-ErrorType").orElseThrow()).startsWith("ValidationException");
        assertThat(same.body()).contains("No updates are to be performed.");

        HttpResponse<String> unknownType = call("PUT", "stacks/other", JSON.createObjectNode().put("templateBody",
                "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n").toString());
        assertThat(unknownType.statusCode()).isEqualTo(400);
        assertThat(unknownType.body()).contains("AWS::SQS::Queue");
    }

    @Test
    void bodiesAreReadStrictly() throws Exception {
        HttpResponse<String> unknown = call("PUT", "stacks/ads", "{\"templateBody\": \"x\", \"tempalteUrl\": \"y\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown member 'tempalteUrl'");
        assertThat(call("PUT", "stacks/ads", "{}").body()).contains("at 'templateBody' failed to satisfy "
                + "constraint: Member must not be null");
        assertThat(call("PUT", "stacks/ads", "{\"templateBody\": \"x\", \"parameters\": {\"Team\": 1}}").body())
                .contains("at 'parameters.Team' failed to satisfy constraint: Member must be a string");
        assertThat(call("PUT", "stacks/ads", "{\"templateBody\": \"x\", \"skipUnsupported\": \"yes\"}").body())
                .contains("Member must be a boolean");
        assertThat(call("PUT", "stacks/ads", "{\"templateBody\": \"x\", \"region\": \"Mars\"}").body())
                .contains("at 'region' failed to satisfy constraint");
        assertThat(call("PUT", "stacks/9ads", deployBody("ads", null)).body())
                .contains("at 'stackName' failed to satisfy constraint");
        HttpResponse<String> missing = call("GET", "stacks/nowhere/events", "");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("No stack named nowhere in us-east-1.");
        assertThat(call("DELETE", "stacks/nowhere", "").statusCode()).isEqualTo(404);
    }

    @Test
    void aCallerWithoutTheStackActionsIsDenied() throws Exception {
        var identity = outcrop.outcrop().identity();
        identity.createPrincipal("reader", dev.outcrop.identity.Principal.Kind.USER);
        identity.putPolicy("reader", "read", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"outcrop:DescribeStacks\",\"Resource\":\"*\"}]}");
        var key = identity.createAccessKey("reader");
        var credentials = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
        assertThat(SignedHttp.send(credentials, "GET", outcrop.endpoint().resolve("/_outcrop/stacks"), "")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> deploy = SignedHttp.send(credentials, "PUT", outcrop.endpoint().resolve(
                "/_outcrop/stacks/ads"), deployBody("ads", null));
        assertThat(deploy.statusCode()).isEqualTo(403);
        assertThat(deploy.body()).contains("outcrop:ManageStacks");
    }
}
