package dev.outcrop.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.InferenceProfileType;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * Captures requests signed by the AWS SDK for Java v2 as SigV4 test vectors for outcrop-server. Skipped
 * unless run with {@code -Doutcrop.captureVectors=FILE}; the vectors in the repository came from it.
 */
class SigV4VectorCapture {
    private static final String ACCESS_KEY = "AKIAOUTCROPVECTORS02";
    private static final String SECRET_KEY = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbOUTCROPKEY";
    private static final String SESSION_TOKEN = "FwoGZXIvYXdzEOUTCROP//////////test+session/token==";

    @Test
    void captureJavaSdkSignedRequests() throws Exception {
        String target = System.getProperty("outcrop.captureVectors");
        assumeTrue(target != null, "vector capture not requested");
        ArrayNode vectors = JsonNodeFactory.instance.arrayNode();
        String[] name = {""};
        String[] token = {null};
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            ObjectNode v = vectors.addObject();
            v.put("name", name[0]).put("method", exchange.getRequestMethod())
                    .put("rawPath", exchange.getRequestURI().getRawPath())
                    .put("rawQuery", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
            ArrayNode headers = v.putArray("headers");
            for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
                for (String value : h.getValue()) {
                    headers.addArray().add(h.getKey()).add(value);
                }
            }
            v.put("bodyBase64", Base64.getEncoder().encodeToString(exchange.getRequestBody().readAllBytes()))
                    .put("accessKeyId", ACCESS_KEY).put("secretAccessKey", SECRET_KEY).put("sessionToken", token[0]);
            byte[] body = "{}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        StaticCredentialsProvider basic = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
        try (BedrockClient bedrock = BedrockClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(basic).httpClient(ApacheHttpClient.builder().build()).build();
             BedrockRuntimeClient runtime = BedrockRuntimeClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                     .credentialsProvider(basic).httpClient(ApacheHttpClient.builder().build()).build();
             BedrockRuntimeAsyncClient async = BedrockRuntimeAsyncClient.builder().endpointOverride(endpoint)
                     .region(Region.EU_CENTRAL_1).credentialsProvider(basic)
                     .httpClient(NettyNioAsyncHttpClient.builder().build()).build();
             BedrockClient temporary = BedrockClient.builder().endpointOverride(endpoint).region(Region.AP_NORTHEAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(ACCESS_KEY,
                             SECRET_KEY, SESSION_TOKEN))).httpClient(ApacheHttpClient.builder().build()).build()) {
            Message hi = Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("hi ünïcödé")).build();
            run(name, "java list with query", () -> bedrock.listInferenceProfiles(r -> r.typeEquals(InferenceProfileType.APPLICATION).maxResults(3)));
            run(name, "java get by ARN", () -> bedrock.getInferenceProfile(r -> r.inferenceProfileIdentifier(
                    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz789")));
            run(name, "java tag resource", () -> bedrock.tagResource(r -> r.resourceARN(
                    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz789")
                    .tags(t -> t.key("team").value("a b+c/=@"))));
            run(name, "java converse with ARN in the path", () -> runtime.converse(r -> r.modelId(
                    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz789").messages(hi)));
            run(name, "java invoke model", () -> runtime.invokeModel(r -> r.modelId("meta.llama3-1-8b-instruct-v1:0")
                    .body(SdkBytes.fromUtf8String("{\"prompt\":\"hi\",\"max_gen_len\":5}"))));
            run(name, "java async netty converse", () -> async.converse(r -> r.modelId("eu.amazon.nova-lite-v1:0")
                    .messages(hi)).join());
            token[0] = SESSION_TOKEN;
            run(name, "java temporary credentials", () -> temporary.listFoundationModels(r -> r.byProvider("Anthropic")));
        } finally {
            server.stop(0);
        }
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("generator", "AWS SDK for Java v2 " + software.amazon.awssdk.core.util.VersionInfo.SDK_VERSION);
        document.set("vectors", vectors);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Path.of(target).toFile(), document);
    }

    private static void run(String[] name, String next, Runnable call) {
        name[0] = next;
        try {
            call.run();
        } catch (RuntimeException e) {
            // the capture server's {} does not parse as every output; the request is what matters
        }
    }
}
