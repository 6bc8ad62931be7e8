package dev.outcrop.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * What every client of the conformance scenario is given: the server, the root's keys, the keys of a principal
 * allowed nothing, an API key of the root, a region where every call is throttled and one where every stream is
 * cut after a few tokens. Made through the admin API of the server under test, as an operator would.
 */
record ConformanceFixture(URI endpoint, AwsBasicCredentials root, AwsBasicCredentials denied, String apiKey,
                          String throttledRegion, String cutRegion) {
    static final String REGION = "us-east-1";
    static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String SYSTEM_PROFILE = "us." + MODEL;
    static final String MODEL_ARN = "arn:aws:bedrock:" + REGION + "::foundation-model/" + MODEL;
    static final String SYSTEM_PROFILE_ARN = "arn:aws:bedrock:" + REGION + ":123456789012:inference-profile/" + SYSTEM_PROFILE;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Creates the principal, the keys and the faults on the server at {@code endpoint}. */
    static ConformanceFixture create(URI endpoint, AwsBasicCredentials root) throws Exception {
        String throttled = "us-west-2";
        String cut = "eu-west-1";
        admin(endpoint, root, "PUT", "/_outcrop/simulator/faults/" + throttled, "{\"kind\":\"THROTTLE\"}");
        admin(endpoint, root, "PUT", "/_outcrop/simulator/faults/" + cut, "{\"kind\":\"CUT_STREAM\",\"afterTokens\":3}");
        admin(endpoint, root, "POST", "/_outcrop/principals", "{\"name\":\"conformance-nobody\"}");
        JsonNode keys = admin(endpoint, root, "POST", "/_outcrop/principals/conformance-nobody/access-keys", "{}");
        JsonNode apiKey = admin(endpoint, root, "POST", "/_outcrop/principals/root/api-keys", "{\"days\":1}");
        return new ConformanceFixture(endpoint, root, AwsBasicCredentials.create(keys.path("accessKeyId").asText(),
                keys.path("secretAccessKey").asText()), apiKey.path("token").asText(), throttled, cut);
    }

    private static JsonNode admin(URI endpoint, AwsBasicCredentials root, String method, String path, String body)
            throws Exception {
        HttpResponse<String> response = SignedHttp.send(root, method, endpoint.resolve(path), body);
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The fixture as the environment of a client script ({@code OUTCROP_*}), for the client named {@code client}. */
    Map<String, String> environment(String client) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OUTCROP_CLIENT", client);
        env.put("OUTCROP_ENDPOINT", endpoint.toString());
        env.put("OUTCROP_ACCESS_KEY_ID", root.accessKeyId());
        env.put("OUTCROP_SECRET_ACCESS_KEY", root.secretAccessKey());
        env.put("OUTCROP_DENIED_ACCESS_KEY_ID", denied.accessKeyId());
        env.put("OUTCROP_DENIED_SECRET_ACCESS_KEY", denied.secretAccessKey());
        env.put("OUTCROP_API_KEY", apiKey);
        env.put("OUTCROP_THROTTLED_REGION", throttledRegion);
        env.put("OUTCROP_CUT_REGION", cutRegion);
        return env;
    }
}
