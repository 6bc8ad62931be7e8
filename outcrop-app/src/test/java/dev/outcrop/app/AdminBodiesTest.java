package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.identity.IdentityService;
import dev.outcrop.identity.IdentityStore;
import dev.outcrop.identity.Principal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every admin body is read strictly: what is not exactly valid is a 400, never a default that grants. */
class AdminBodiesTest {
    @TempDir
    Path dataDir;
    TestOutcrop outcrop;
    IdentityService identity;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        outcrop = TestOutcrop.start(dataDir);
        identity = outcrop.outcrop().identity();
        identity.createPrincipal("erin", Principal.Kind.USER);
    }

    @AfterEach
    void stop() {
        outcrop.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(outcrop.endpoint().resolve(path)).header("Authorization", outcrop.rootBearer())
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertRefused(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).hasValue("ValidationException");
        assertThat(response.body()).contains(message);
    }

    private String status(String accessKeyId) {
        return identity.accessKeys("erin").stream().filter(k -> k.accessKeyId().equals(accessKeyId))
                .map(IdentityStore.StoredAccessKey::status).findFirst().orElseThrow();
    }

    @Test
    void anInactiveAccessKeyIsReactivatedOnlyByExactlyStatusActive() throws Exception {
        String key = identity.createAccessKey("erin").accessKeyId();
        assertThat(send("PUT", "/_outcrop/access-keys/" + key, "{\"status\":\"Inactive\"}").statusCode()).isEqualTo(200);

        for (String body : List.of("{\"status\":\"INACTIVE\"}", "{\"status\":\"active\"}", "{\"Status\":\"Inactive\"}", "{}", "",
                "{\"status\":\"Active\",\"force\":true}", "{\"status\":true}", "{\"status\":null}", "[\"Active\"]",
                "{\"status\":\"Inactive\",\"status\":\"Active\"}", "{\"status\":\"Active\"} {}", "status=Active")) {
            HttpResponse<String> response = send("PUT", "/_outcrop/access-keys/" + key, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(status(key)).as("after %s", body).isEqualTo("Inactive");
        }
        assertThat(send("PUT", "/_outcrop/access-keys/" + key, "{\"status\":\"Active\"}").statusCode()).isEqualTo(200);
        assertThat(status(key)).isEqualTo("Active");
    }

    @Test
    void theStatusOfAnAccessKeyIsRefusedWithTheEnumAndTheMemberNamed() throws Exception {
        String key = identity.createAccessKey("erin").accessKeyId();

        assertRefused(send("PUT", "/_outcrop/access-keys/" + key, "{\"status\":\"INACTIVE\"}"),
                "1 validation error detected: Value 'INACTIVE' at 'status' failed to satisfy constraint: Member must "
                        + "satisfy enum value set: [Active, Inactive]");
        assertRefused(send("PUT", "/_outcrop/access-keys/" + key, "{\"Status\":\"Inactive\"}"),
                "The request body has an unknown member 'Status'; its members are [status].");
        assertRefused(send("PUT", "/_outcrop/access-keys/" + key, "{\"status\":\"Inactive\",\"status\":\"Active\"}"),
                "1 validation error detected: Value at 'status' failed to satisfy constraint: Member must appear only once");
        assertRefused(send("PUT", "/_outcrop/access-keys/" + key, "{}"),
                "1 validation error detected: Value null at 'status' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void anApiKeyLifetimeIsAnIntegerNumberOfDaysWithinItsBounds() throws Exception {
        String path = "/_outcrop/principals/erin/api-keys";
        assertRefused(send("POST", path, "{\"days\":-1}"),
                "Value '-1' at 'days' failed to satisfy constraint: Member must have value greater than or equal to 0");
        assertRefused(send("POST", path, "{\"days\":36601}"),
                "Value '36601' at 'days' failed to satisfy constraint: Member must have value less than or equal to 36600");
        assertRefused(send("POST", path, "{\"days\":99999999999999999999}"), "Member must have value less than or equal to 36600");
        assertRefused(send("POST", path, "{\"days\":1e15}"), "Value '1.0E15' at 'days' failed to satisfy constraint: Member must be an integer");
        assertRefused(send("POST", path, "{\"days\":1.5}"), "Member must be an integer");
        assertRefused(send("POST", path, "{\"days\":\"30\"}"), "Value '30' at 'days' failed to satisfy constraint: Member must be an integer");
        assertRefused(send("POST", path, "{\"lifetime\":30}"), "unknown member 'lifetime'");
        assertThat(identity.apiKeys("erin")).isEmpty();

        assertThat(send("POST", path, "{\"days\":0}").statusCode()).isEqualTo(200);
        assertThat(send("POST", path, "{\"days\":36600}").statusCode()).isEqualTo(200);
        assertThat(send("POST", path, "").statusCode()).isEqualTo(200);
        assertThat(identity.apiKeys("erin")).extracting(IdentityStore.StoredApiKey::expiresAt).hasSize(3).containsOnlyOnce((java.time.Instant) null);
    }

    @Test
    void aTemporaryCredentialLifetimeIsAnIntegerNumberOfSecondsWithinItsBounds() throws Exception {
        String path = "/_outcrop/principals/erin/temporary-credentials";
        assertRefused(send("POST", path, "{\"durationSeconds\":\"abc\"}"),
                "Value 'abc' at 'durationSeconds' failed to satisfy constraint: Member must be an integer");
        assertRefused(send("POST", path, "{\"durationSeconds\":0}"), "Member must have value greater than or equal to 1");
        assertRefused(send("POST", path, "{\"durationSeconds\":129601}"), "Member must have value less than or equal to 129600");
        assertRefused(send("POST", path, "{\"durationSeconds\":3.6e3}"), "Member must be an integer");
        assertThat(identity.accessKeys("erin")).isEmpty();

        assertThat(send("POST", path, "{\"durationSeconds\":900}").statusCode()).isEqualTo(200);
        assertThat(identity.accessKeys("erin")).hasSize(1);
    }

    @Test
    void everyOtherAdminBodyRefusesUnknownMembersAndWrongTypes() throws Exception {
        assertRefused(send("POST", "/_outcrop/principals", "{\"name\":\"frank\",\"admin\":true}"), "unknown member 'admin'");
        assertRefused(send("POST", "/_outcrop/principals", "{\"name\":5}"), "Value '5' at 'name' failed to satisfy constraint: Member must be a string");
        assertRefused(send("POST", "/_outcrop/principals", "{\"name\":\"frank\",\"kind\":\"admin\"}"), "Member must satisfy enum value set: [user, role]");
        assertRefused(send("POST", "/_outcrop/principals/erin/access-keys", "{\"status\":\"Active\"}"), "unknown member 'status'; it takes none.");
        assertRefused(send("POST", "/_outcrop/workloads", "{\"name\":\"w\",\"profile\":\"p\",\"policy\":\"*\"}"), "unknown member 'policy'");
        assertRefused(send("POST", "/_outcrop/workloads", "{\"name\":\"w\",\"profile\":[\"p\"]}"), "at 'profile' failed to satisfy constraint: Member must be a string");
        assertRefused(send("PUT", "/_outcrop/simulator/faults/us-east-1", "{\"kind\":\"DOWN\",\"durationMs\":\"60000\"}"), "at 'durationMs' failed to satisfy constraint: Member must be an integer");
        assertRefused(send("PUT", "/_outcrop/simulator/faults/us-east-1", "{\"kind\":\"DOWN\",\"afterTokens\":10000000000}"), "Member must have value less than or equal to 2147483647");
        assertRefused(send("PUT", "/_outcrop/simulator/faults/us-east-1", "{\"kind\":\"DOWN\",\"durationMs\":9223372036854775807}"), "at 'durationMs'");
        assertRefused(send("PUT", "/_outcrop/simulator/faults/us-east-1", "{\"kind\":\"DOWN\",\"region\":\"us-west-2\"}"), "unknown member 'region'");

        assertThat(identity.principals()).extracting(Principal::name).containsExactlyInAnyOrder("root", "erin");
        assertThat(identity.accessKeys("erin")).isEmpty();
        assertThat(outcrop.adminGet("/_outcrop/simulator/faults")).isEqualTo("{\"faults\":[]}");
    }

    @Test
    void aPolicyWithAConditionValueOfTheWrongTypeIsRefusedAndItsPrincipalKeepsWorking() throws Exception {
        HttpResponse<String> response = send("PUT", "/_outcrop/principals/root/policies/expires", """
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                  "Condition": {"DateGreaterThan": {"aws:CurrentTime": "99999999999999999999"}}}}""");

        assertRefused(response, "MalformedPolicyDocument: Statement[0].Condition.DateGreaterThan.aws:CurrentTime: "
                + "'99999999999999999999' is not a date");
        try (var bedrock = outcrop.bedrock()) {
            assertThat(bedrock.listInferenceProfiles(r -> r.maxResults(1)).inferenceProfileSummaries()).hasSize(1);
        }
    }
}
