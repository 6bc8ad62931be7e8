package dev.outcrop.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The Outcrop the end-to-end benchmarks measure: its root key, its configuration (everything on: a budget
 * and a quota that count every call without ever refusing one), how its processes are started, and how a
 * benchmark calls it (SigV4-signed requests, an application profile to call through, the paths of operations).
 */
final class BenchOutcrop {
    static final String KEY = "AKIABENCHROOT0000001";
    static final String SECRET = "bench-root-secret-0000000000";
    static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
    /** The Converse body every benchmark sends Outcrop: one short user turn, 16 tokens at most. */
    static final String CONVERSE_BODY = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],"
            + "\"inferenceConfig\":{\"maxTokens\":16}}";
    /** The same call as a chat completions body, as the backend and the proxies in front of it are sent it. */
    static final String CHAT_BODY = chatBody(false);

    private BenchOutcrop() {}

    /** The chat completions body, streamed or not. */
    static String chatBody(boolean stream) {
        return "{\"model\":\"bench\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":16"
                + (stream ? ",\"stream\":true}" : "}");
    }

    /** The chat completions URL of a server on {@code port} of the loopback interface. */
    static String chatCompletionsUrl(int port) {
        return "http://127.0.0.1:" + port + "/v1/chat/completions";
    }

    /** Haiku in two regions on an OpenAI-compatible backend at {@code backendPort}, the simulator off. */
    static String openAiBackend(int backendPort) {
        return """
                simulator: {enabled: false}
                deployments:
                  - model: %s
                    regions: [us-east-1, us-west-2]
                    provider: openai
                    url: http://127.0.0.1:%d/v1
                    remoteModel: bench
                """.formatted(HAIKU, backendPort);
    }

    /** The configuration file's text: {@code backend} (a YAML section), the limits, the ledger's durability. */
    static String config(int port, String backend, String durability) {
        return config(port, "{}", backend, durability);
    }

    /** As {@link #config(int, String, String)}, with the server's {@code limits} (a YAML flow mapping). */
    static String config(int port, String limits, String backend, String durability) {
        return "server: {port: " + port + ", limits: " + limits + "}\n" + backend + """
                usage:
                  durability: %s
                  budgets:
                    - {name: bench-budget, scope: "principal:root", period: monthly, limitUsd: 1000000}
                  quotas:
                    - {name: bench-quota, scope: "principal:root", requestsPerMinute: 100000000}
                """.formatted(durability);
    }

    /** Starts {@code command} with the root's key in its environment, its output in {@code work/name.log}. */
    static Process start(Path work, String name, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().put("OUTCROP_ROOT_ACCESS_KEY_ID", KEY);
        builder.environment().put("OUTCROP_ROOT_SECRET_ACCESS_KEY", SECRET);
        builder.environment().put("NODE_ENV", "production");
        return builder.start();
    }

    /** The path of a runtime operation on a model id or ARN: {@code /model/{id}/converse}, the id encoded. */
    static String modelPath(String modelId, String operation) {
        return "/model/" + modelId.replace(":", "%3A").replace("/", "%2F") + "/" + operation;
    }

    /** The resident set size of a process, in KiB, from {@code /proc/PID/status}. */
    static long rssKib(long pid) throws IOException {
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    /** Waits up to a minute for something to listen on {@code port} on the loopback interface. */
    static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nothing listens on " + port);
    }

    /** SigV4 headers for a request: valid for 15 minutes, as every SDK's signature is. */
    static Map<String, String> sign(int port, String method, String path, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create("http://127.0.0.1:" + port + path)).putHeader("Content-Type", "application/json")
                .contentStreamProvider(() -> new ByteArrayInputStream(bytes)).build();
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(KEY, SECRET))
                .request(request).payload(() -> new ByteArrayInputStream(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        Map<String, String> headers = new LinkedHashMap<>();
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                headers.put(name, values.getFirst());
            }
        });
        return headers;
    }

    /** A new application profile over the cross-region Haiku profile, named anew each time (a probe may run again). */
    static String createProfile(int port) throws Exception {
        String body = "{\"inferenceProfileName\":\"bench-app-" + System.currentTimeMillis() + "\",\"modelSource\":{\"copyFrom\":"
                + "\"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." + HAIKU + "\"},"
                + "\"tags\":[{\"key\":\"team\",\"value\":\"bench\"}]}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(build("http://127.0.0.1:" + port
                + "/inference-profiles", sign(port, "POST", "/inference-profiles", body), body),
                HttpResponse.BodyHandlers.ofString());
        Matcher arn = Pattern.compile("\"inferenceProfileArn\":\"([^\"]+)\"").matcher(response.body());
        if (!arn.find()) {
            throw new IllegalStateException("cannot create the profile: " + response.statusCode() + " " + response.body());
        }
        return arn.group(1);
    }

    /** A POST of {@code body} to {@code url} with {@code headers}. */
    static HttpRequest build(String url, Map<String, String> headers, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return builder.build();
    }
}
