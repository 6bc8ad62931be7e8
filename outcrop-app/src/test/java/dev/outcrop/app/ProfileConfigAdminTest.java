package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile's inference configuration, set and read through the admin API and the command line. */
class ProfileConfigAdminTest {
    private static final String HAIKU_PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    TestOutcrop outcrop;
    String profileArn;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        outcrop = TestOutcrop.start(dataDir);
        try (var bedrock = outcrop.bedrock()) {
            profileArn = bedrock.createInferenceProfile(r -> r.inferenceProfileName("capped")
                    .modelSource(s -> s.copyFrom("arn:aws:bedrock:us-east-1:" + outcrop.outcrop().config().account().id()
                            + ":inference-profile/" + HAIKU_PROFILE))).inferenceProfileArn();
        }
    }

    @AfterEach
    void stop() {
        outcrop.close();
    }

    private String path(String profile) {
        return "/_outcrop/profiles/" + URLEncoder.encode(profile, StandardCharsets.UTF_8) + "/configuration";
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(outcrop.endpoint().resolve(path)).header("Authorization", outcrop.rootBearer())
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private String id() {
        return profileArn.substring(profileArn.lastIndexOf('/') + 1);
    }

    @Test
    void aConfigurationPutIsReadBackByIdAndByArn() throws Exception {
        String configuration = "{'maxTokens':{'value':2000,'mode':'limit'},'temperature':{'value':0.2,'mode':'default'}}";

        HttpResponse<String> put = send("PUT", path(profileArn), configuration.replace('\'', '"'));

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put.body()).path("configuration")).isEqualTo(json(configuration));
        JsonNode byId = json(send("GET", path(id()), "").body());
        assertThat(byId.path("configuration")).isEqualTo(json(configuration));
        assertThat(byId.path("region").asText()).isEqualTo("us-east-1");
    }

    @Test
    void aProfileWithoutConfigurationAnswersAnEmptyOne() throws Exception {
        assertThat(json(send("GET", path(profileArn), "").body()).path("configuration")).isEqualTo(json("{}"));
    }

    @Test
    void deletingTheConfigurationLeavesNone() throws Exception {
        send("PUT", path(profileArn), "{\"topK\":{\"value\":40,\"mode\":\"fixed\"}}");

        assertThat(send("DELETE", path(profileArn), "").statusCode()).isEqualTo(200);

        assertThat(json(send("GET", path(profileArn), "").body()).path("configuration")).isEqualTo(json("{}"));
    }

    @Test
    void anInvalidConfigurationIsRefusedNamingEveryViolation() throws Exception {
        HttpResponse<String> refused = send("PUT", path(profileArn),
                "{\"maxTokens\":{\"value\":0,\"mode\":\"limit\"},\"seed\":{\"value\":1,\"mode\":\"fixed\"}}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("X-Amzn-ErrorType")).hasValue("ValidationException");
        assertThat(refused.body()).contains("2 validation errors detected")
                .contains("Value '0' at 'maxTokens.value' failed to satisfy constraint")
                .contains("Value at 'seed' failed to satisfy constraint");
        assertThat(json(send("GET", path(profileArn), "").body()).path("configuration")).isEqualTo(json("{}"));
    }

    @Test
    void aRepeatedKeyIsRefused() throws Exception {
        HttpResponse<String> refused = send("PUT", path(profileArn),
                "{\"topK\":{\"value\":1,\"mode\":\"fixed\"},\"topK\":{\"value\":99,\"mode\":\"fixed\"}}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Member must appear only once");
    }

    @Test
    void anUnknownProfileIsNotFoundAndASystemProfileCannotBeConfigured() throws Exception {
        HttpResponse<String> unknown = send("GET", path("abcdefghij12"), "");
        HttpResponse<String> system = send("PUT", path(HAIKU_PROFILE), "{}");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("X-Amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(system.statusCode()).isEqualTo(400);
        assertThat(system.body()).contains("is system-defined");
    }

    @Test
    void aRegionThatIsNotOneIsRefused() throws Exception {
        HttpResponse<String> refused = send("GET", path(id()) + "?region=us-east-1%27", "");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("at 'region' failed to satisfy constraint");
    }

    @Test
    void theCommandLineSetsParametersWithTheirModesAndKeepsTheOthers() throws Exception {
        send("PUT", path(profileArn), "{\"topK\":{\"value\":40,\"mode\":\"fixed\"}}");

        String printed = cli("configure", profileArn, "--max-tokens", "2000:limit", "--temperature", "0.7",
                "--stop-sequence", "END", "--stop-sequence", "STOP", "--stop-sequences-mode", "fixed");

        JsonNode expected = json("{'maxTokens':{'value':2000,'mode':'limit'},'temperature':{'value':0.7,'mode':'default'},"
                + "'topK':{'value':40,'mode':'fixed'},'stopSequences':{'value':['END','STOP'],'mode':'fixed'}}");
        assertThat(JSON.readTree(printed)).isEqualTo(expected);
        assertThat(json(send("GET", path(profileArn), "").body()).path("configuration")).isEqualTo(expected);
    }

    @Test
    void theCommandLineRefusesWhatTheApiRefuses() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(List.of("profiles", "configure", id(), "--max-tokens", "2000:ceiling", "--data-dir",
                dataDir.toString()), TestOutcrop.ENV, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Value 'ceiling' at 'maxTokens.mode'");
    }

    @Test
    void theCommandLineUnsetsAndClears() throws Exception {
        cli("configure", id(), "--top-p", "0.9:limit", "--top-k", "5");

        assertThat(JSON.readTree(cli("configure", id(), "--unset", "topK")))
                .isEqualTo(json("{'topP':{'value':0.9,'mode':'limit'}}"));
        assertThat(JSON.readTree(cli("clear", id()))).isEqualTo(json("{}"));
        assertThat(JSON.readTree(cli("show", id()))).isEqualTo(json("{}"));
    }

    private String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ArrayDeque<String> all = new ArrayDeque<>(List.of(args));
        all.add("--data-dir");
        all.add(dataDir.toString());
        int status = ProfileCommands.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), TestOutcrop.ENV);
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
