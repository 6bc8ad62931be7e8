package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrock.BedrockAsyncClient;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.GetInferenceProfileResponse;
import software.amazon.awssdk.services.bedrock.model.ListInferenceProfilesResponse;
import software.amazon.awssdk.services.bedrock.model.Tag;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/** What the server does around the operations: protocols, persistence, unknown routes, the data directory. */
class ServerBehaviourTest {
    @TempDir
    Path dataDir;

    @Test
    void anAsyncClientSpeakingCleartextHttp2WithPriorKnowledgeIsServed() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockAsyncClient client = outcrop.bedrockAsyncH2c()) {
            ListInferenceProfilesResponse page = client.listInferenceProfiles(r -> r.maxResults(3)).get();

            assertThat(page.inferenceProfileSummaries()).hasSize(3);
            assertThat(page.sdkHttpResponse().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aClientUpgradingToH2cIsServed() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(outcrop.endpoint()
                    .resolve("/inference-profiles?maxResults=1")).header("Authorization", outcrop.rootBearer()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = http.send(HttpRequest.newBuilder(outcrop.endpoint()
                    .resolve("/foundation-models")).header("Authorization", outcrop.rootBearer()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).contains("inferenceProfileSummaries");
            assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(second.body()).contains("modelSummaries");
        }
    }

    @Test
    void aJvmWithoutTheLaunchersOptionRunsCallsOnTheJdksSchedulerAndSaysWhatItLacks() throws Exception {
        try (OutcropProcess outcrop = OutcropProcess.start(List.of("--enable-native-access=ALL-UNNAMED"), Map.of(),
                "--data-dir", dataDir.toString());
             BedrockRuntimeClient runtime = BedrockRuntimeClient.builder().endpointOverride(outcrop.endpoint())
                     .region(Region.US_EAST_1).credentialsProvider(TestOutcrop.CREDENTIALS).build()) {
            ConverseResponse answer = runtime.converse(r -> r.modelId("us.anthropic.claude-3-haiku-20240307-v1:0")
                    .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("hi")).build()));

            assertThat(outcrop.output()).contains("requests on the JDK's scheduler: running them on the event loops "
                    + "needs JDK 24+ and --add-opens java.base/java.lang=ALL-UNNAMED");
            assertThat(answer.output().message().content().getFirst().text()).isNotEmpty();
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_24, disabledReason = "calls run on the event loops from JDK 24 on")
    void theLaunchersOptionsRunCallsOnTheEventLoops() throws Exception {
        try (OutcropProcess outcrop = OutcropProcess.start(Map.of(), "--data-dir", dataDir.toString())) {
            assertThat(outcrop.output()).contains("requests on the event loops)");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheirOrderEvenBeyondTheReadPause() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir);
             java.net.Socket socket = new java.net.Socket(outcrop.endpoint().getHost(), outcrop.endpoint().getPort())) {
            int count = 40; // more than the dispatcher lets wait before it stops reading the connection
            StringBuilder requests = new StringBuilder();
            for (int i = 1; i <= count; i++) {
                requests.append("GET /inference-profiles?maxResults=").append(i).append(" HTTP/1.1\r\nHost: localhost\r\n")
                        .append("Authorization: ").append(outcrop.rootBearer()).append("\r\n\r\n");
            }
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(requests.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (int i = 1; i <= count; i++) {
                String status = readLine(in);
                int length = -1;
                for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
                    if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring("content-length:".length()).strip());
                    }
                }
                byte[] body = new byte[length];
                in.readFully(body);

                assertThat(status).startsWith("HTTP/1.1 200");
                assertThat(json.readTree(body).path("inferenceProfileSummaries").size()).as("answer %d", i).isEqualTo(i);
            }
        }
    }

    private static String readLine(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("the connection closed after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Test
    void applicationProfilesAndTheirTagsSurviveARestart() {
        String arn;
        GetInferenceProfileResponse before;
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient bedrock = outcrop.bedrock()) {
            arn = bedrock.createInferenceProfile(r -> r.inferenceProfileName("survivor").clientRequestToken("restart-1")
                    .modelSource(s -> s.copyFrom("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"))
                    .tags(Tag.builder().key("team").value("platform").build())).inferenceProfileArn();
            before = bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(arn));
        }
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); BedrockClient bedrock = outcrop.bedrock()) {
            GetInferenceProfileResponse after = bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(arn));

            assertThat(after.toString()).isEqualTo(before.toString());
            assertThat(after.models()).isEqualTo(before.models());
            assertThat(bedrock.listTagsForResource(r -> r.resourceARN(arn)).tags())
                    .containsExactly(Tag.builder().key("team").value("platform").build());
            assertThat(bedrock.createInferenceProfile(r -> r.inferenceProfileName("survivor").clientRequestToken("restart-1")
                    .modelSource(s -> s.copyFrom("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"))
                    .tags(Tag.builder().key("team").value("platform").build())).inferenceProfileArn()).isEqualTo(arn);
        }
    }

    @Test
    void theDataDirectoryIsReadableByItsOwnerOnly() throws Exception {
        Path data = dataDir.resolve("nested/data");
        try (TestOutcrop ignored = TestOutcrop.start(data)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(data.resolve("outcrop.db")).exists();
        }
    }

    @Test
    void anUnknownRouteOrMethodIsABedrockStyleErrorNeverAStackTrace() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(outcrop.endpoint().resolve("/no/such/thing"))
                    .header("Authorization", outcrop.rootBearer()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(outcrop.endpoint()
                    .resolve("/inference-profiles")).header("Authorization", outcrop.rootBearer())
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> notJson = http.send(HttpRequest.newBuilder(outcrop.endpoint()
                    .resolve("/inference-profiles")).header("Authorization", outcrop.rootBearer())
                    .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> unsupported = http.send(HttpRequest.newBuilder(outcrop.endpoint()
                    .resolve("/guardrails")).header("Authorization", outcrop.rootBearer()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("X-Amzn-ErrorType")).hasValue("UnknownOperationException");
            assertThat(unknown.headers().firstValue("x-amzn-RequestId")).isPresent();
            assertThat(unknown.body()).startsWith("{\"message\":");
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET, POST");
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(notJson.headers().firstValue("X-Amzn-ErrorType")).hasValue("ValidationException");
            assertThat(notJson.body()).contains("not valid JSON").doesNotContain("at com.").doesNotContain("Exception:");
            assertThat(unsupported.statusCode()).isEqualTo(404);
            assertThat(unsupported.body()).contains("ListGuardrails is not supported by Outcrop");
        }
    }

    @Test
    void anUnencodedArnInThePathIsAcceptedToo() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    outcrop.endpoint() + "/inference-profiles/arn:aws:bedrock:us-east-1:123456789012:inference-profile"
                            + "%2Fus.amazon.nova-lite-v1:0")).header("Authorization", outcrop.rootBearer()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"inferenceProfileId\":\"us.amazon.nova-lite-v1:0\"");
        }
    }
}
