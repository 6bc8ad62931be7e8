package dev.outcrop.app;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** Raw HTTP calls signed with SigV4 by the AWS SDK's own signer: the admin API, and wire-level checks. */
final class SignedHttp {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SignedHttp() {}

    /** Sends {@code body} (may be empty) to {@code uri}, signed for service {@code bedrock} in us-east-1. */
    static HttpResponse<String> send(AwsCredentials credentials, String method, URI uri, String body) throws Exception {
        return send(HTTP, credentials, method, uri, body);
    }

    /** As {@link #send(AwsCredentials, String, URI, String)}, over {@code http} (e.g. one held to HTTP/1.1). */
    static HttpResponse<String> send(HttpClient http, AwsCredentials credentials, String method, URI uri, String body)
            throws Exception {
        return send(http, credentials, "bedrock", method, uri, body);
    }

    /** As {@link #send(AwsCredentials, String, URI, String)}, signed for {@code service}. */
    static HttpResponse<String> send(HttpClient http, AwsCredentials credentials, String service, String method,
                                     URI uri, String body) throws Exception {
        return send(http, credentials, service, method, uri, "application/json", body);
    }

    /** An AWS query protocol call ({@code POST /}, a form body) signed for {@code service}, as the SDKs send it. */
    static HttpResponse<String> sendForm(AwsCredentials credentials, String service, URI uri, String form)
            throws Exception {
        return send(HTTP, credentials, service, "POST", uri, "application/x-www-form-urlencoded; charset=utf-8", form);
    }

    private static HttpResponse<String> send(HttpClient http, AwsCredentials credentials, String service,
                                             String method, URI uri, String contentType, String body)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri)
                .putHeader("Content-Type", contentType)
                .contentStreamProvider(() -> new ByteArrayInputStream(bytes)).build();
        var signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials)
                .request(unsigned).payload(() -> new ByteArrayInputStream(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, bytes.length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
