package dev.outcrop.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outcrop.error.ExpiredTokenException;
import dev.outcrop.error.InvalidSignatureException;
import dev.outcrop.error.UnrecognizedClientException;
import dev.outcrop.identity.CredentialLookup;
import dev.outcrop.identity.Principal;
import dev.outcrop.identity.SigningKey;
import dev.outcrop.server.http.WireRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests signed by botocore, by the AWS SDK for Java v2 and by the AWS SDK for JavaScript v3 over HTTP/2 (which
 * signs {@code :authority} and sends no {@code host}), captured as they went over the wire (scripts/sigv4-vectors,
 * conformance/capture-h2.mjs), verify; each signed part tampered with does not.
 */
class SigV4VerifierTest {
    private static final Principal PRINCIPAL = new Principal("AIDAVECTORS", "123456789012", "vectors", Principal.Kind.USER);

    record Vector(String source, String name, String method, String rawPath, String rawQuery, List<String[]> headers,
                  byte[] body, String accessKeyId, String secret, String sessionToken) {
        @Override
        public String toString() {
            return source + ": " + name;
        }

        Instant signedAt() {
            String date = header("X-Amz-Date");
            if (date == null) {
                date = new QueryStringDecoder(rawQuery, false).parameters().get("X-Amz-Date").getFirst();
            }
            return LocalDateTime.parse(date, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC);
        }

        String header(String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
        }

        Vector with(UnaryOperator<Vector> change) {
            return change.apply(this);
        }

        /** Whether it came over HTTP/2: its headers hold the pseudo-headers as sent. */
        boolean http2() {
            return header(":authority") != null;
        }

        /** The vector with a header's value changed; over HTTP/2 the authority is {@code :authority}, not Host. */
        Vector withHeader(String name, String value) {
            String changedName = http2() && name.equalsIgnoreCase("Host") ? ":authority" : name;
            List<String[]> changed = new ArrayList<>();
            headers.forEach(h -> changed.add(h[0].equalsIgnoreCase(changedName) ? new String[] {h[0], value} : h));
            return new Vector(source, name, method, rawPath, rawQuery, changed, body, accessKeyId, secret, sessionToken);
        }

        /** The request as the server hands it to the verifier (over HTTP/2, through Netty's HTTP/1 conversion). */
        WireRequest request() {
            HttpHeaders httpHeaders = new DefaultHttpHeaders();
            if (http2()) {
                Http2Headers h2 = new DefaultHttp2Headers(false);
                headers.forEach(h -> h2.add(h[0], h[1]));
                try {
                    httpHeaders.add(HttpConversionUtil.toHttpRequest(1, h2, false).headers());
                } catch (Http2Exception e) {
                    throw new IllegalStateException(e);
                }
            } else {
                headers.forEach(h -> httpHeaders.add(h[0], h[1]));
            }
            return new WireRequest(method, rawPath, rawQuery, new QueryStringDecoder(rawQuery, false).parameters(),
                    httpHeaders, body, http2(), null);
        }
    }

    static Stream<Vector> vectors() throws Exception {
        List<Vector> all = new ArrayList<>();
        for (String file : List.of("botocore.json", "java-sdk.json", "js-sdk-h2.json")) {
            try (InputStream in = SigV4VerifierTest.class.getResourceAsStream("/sigv4/" + file)) {
                all.addAll(parse(new ObjectMapper().readTree(in)));
            }
        }
        assertThat(all).hasSizeGreaterThanOrEqualTo(23);
        return all.stream();
    }

    /** The vectors of a capture document (scripts/sigv4-vectors, conformance/capture-h2.mjs). */
    static List<Vector> parse(JsonNode doc) {
        List<Vector> all = new ArrayList<>();
        for (JsonNode v : doc.path("vectors")) {
            List<String[]> headers = new ArrayList<>();
            v.path("headers").forEach(h -> headers.add(new String[] {h.get(0).asText(), h.get(1).asText()}));
            all.add(new Vector(doc.path("generator").asText(), v.path("name").asText(), v.path("method").asText(),
                    v.path("rawPath").asText(), v.path("rawQuery").asText(), headers,
                    Base64.getDecoder().decode(v.path("bodyBase64").asText()), v.path("accessKeyId").asText(),
                    v.path("secretAccessKey").asText(), v.path("sessionToken").isTextual()
                            ? v.path("sessionToken").asText() : null));
        }
        return all;
    }

    static Stream<Vector> headerSignedVectors() throws Exception {
        return vectors().filter(v -> v.header("Authorization") != null);
    }

    private static SigV4Verifier verifier(Vector v, Instant now, String secret) {
        return verifier(v, now, () -> secret);
    }

    private static SigV4Verifier verifier(Vector v, Instant now, java.util.function.Supplier<String> secret) {
        CredentialLookup lookup = new CredentialLookup() {
            @Override
            public Optional<SigningKey> signingKey(String accessKeyId) {
                if (!accessKeyId.equals(v.accessKeyId())) {
                    return Optional.empty();
                }
                return Optional.of(new SigningKey(accessKeyId, secret.get().getBytes(StandardCharsets.UTF_8), PRINCIPAL,
                        v.sessionToken() == null ? null : SigV4Verifier.sha256(v.sessionToken().getBytes(StandardCharsets.UTF_8)),
                        v.sessionToken() == null ? null : now.plusSeconds(3600)));
            }

            @Override
            public ApiKeyState apiKey(String token) {
                return new ApiKeyState.Unknown();
            }
        };
        return new SigV4Verifier(lookup, Clock.fixed(now, ZoneOffset.UTC), "bedrock");
    }

    private static SigV4Verifier verifier(Vector v) {
        return verifier(v, v.signedAt().plusSeconds(30), v.secret());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void aRequestSignedByAnAwsSdkVerifies(Vector v) {
        SigV4Verifier.Verified verified = verifier(v).verify(v.request());

        assertThat(verified.key().principal()).isEqualTo(PRINCIPAL);
        assertThat(verified.region()).matches("[a-z]{2}-[a-z]+-\\d");
    }

    @Test
    void whatTheJavaScriptSdkSignsOverHttp2TodayVerifies() throws Exception {
        List<Vector> captured = parse(new ObjectMapper().readTree(JavaScriptCapture.run()));

        assertThat(captured).hasSizeGreaterThanOrEqualTo(6).allSatisfy(v -> {
            assertThat(v.header("Authorization")).contains("SignedHeaders=:authority;");
            assertThat(v.header("Host")).isNull();
            assertThat(verifier(v).verify(v.request()).key().principal()).isEqualTo(PRINCIPAL);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theWrongSecretFailsAndAnUnknownKeyIsUnrecognized(Vector v) {
        assertThatThrownBy(() -> verifier(v, v.signedAt(), v.secret() + "x").verify(v.request()))
                .isInstanceOf(InvalidSignatureException.class)
                .hasMessageStartingWith("The request signature we calculated does not match");
        Vector otherKey = new Vector(v.source(), v.name(), v.method(), v.rawPath(), v.rawQuery(), v.headers(), v.body(),
                "AKIAUNKNOWN000000000", v.secret(), v.sessionToken());
        assertThatThrownBy(() -> verifier(otherKey).verify(v.request()))
                .isInstanceOf(UnrecognizedClientException.class)
                .hasMessage("The security token included in the request is invalid.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerSignedVectors")
    void tamperingWithAnySignedPartFails(Vector v) {
        List<Vector> tampered = new ArrayList<>();
        tampered.add(v.with(x -> new Vector(x.source(), x.name(), x.method().equals("GET") ? "DELETE" : "GET", x.rawPath(),
                x.rawQuery(), x.headers(), x.body(), x.accessKeyId(), x.secret(), x.sessionToken())));
        tampered.add(v.with(x -> new Vector(x.source(), x.name(), x.method(), x.rawPath() + "x", x.rawQuery(), x.headers(),
                x.body(), x.accessKeyId(), x.secret(), x.sessionToken())));
        tampered.add(v.with(x -> new Vector(x.source(), x.name(), x.method(), x.rawPath(),
                x.rawQuery().isEmpty() ? "maxResults=1" : x.rawQuery() + "1", x.headers(), x.body(), x.accessKeyId(),
                x.secret(), x.sessionToken())));
        tampered.add(v.withHeader("Host", "evil.example:443"));
        String signature = v.header("Authorization").replaceAll(".*Signature=", "");
        tampered.add(v.withHeader("Authorization", v.header("Authorization").replace(signature,
                (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1))));
        if (v.body().length > 0) {
            byte[] body = v.body().clone();
            body[body.length / 2] ^= 1;
            tampered.add(new Vector(v.source(), v.name(), v.method(), v.rawPath(), v.rawQuery(), v.headers(), body,
                    v.accessKeyId(), v.secret(), v.sessionToken()));
        }
        for (Vector t : tampered) {
            assertThatThrownBy(() -> verifier(v).verify(t.request())).as(t.toString())
                    .isInstanceOf(InvalidSignatureException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerSignedVectors")
    void aReplayOutsideTheFifteenMinuteWindowFails(Vector v) {
        assertThat(verifier(v, v.signedAt().plus(Duration.ofMinutes(14)), v.secret()).verify(v.request())).isNotNull();
        assertThatThrownBy(() -> verifier(v, v.signedAt().plus(Duration.ofMinutes(16)), v.secret()).verify(v.request()))
                .isInstanceOf(InvalidSignatureException.class).hasMessageStartingWith("Signature expired:");
        assertThatThrownBy(() -> verifier(v, v.signedAt().minus(Duration.ofMinutes(16)), v.secret()).verify(v.request()))
                .isInstanceOf(InvalidSignatureException.class).hasMessageStartingWith("Signature not yet current:");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void temporaryCredentialsNeedTheirSessionTokenAndExpire(Vector v) {
        if (v.sessionToken() == null) {
            return;
        }
        assertThatThrownBy(() -> verifier(v).verify(v.withHeader("X-Amz-Security-Token", v.sessionToken() + "x").request()))
                .isInstanceOf(UnrecognizedClientException.class);
        SigV4Verifier expired = verifier(v, v.signedAt(), v.secret());
        Vector stale = v;
        CredentialLookup lookup = new CredentialLookup() {
            @Override
            public Optional<SigningKey> signingKey(String accessKeyId) {
                return Optional.of(new SigningKey(accessKeyId, v.secret().getBytes(StandardCharsets.UTF_8), PRINCIPAL,
                        SigV4Verifier.sha256(v.sessionToken().getBytes(StandardCharsets.UTF_8)), v.signedAt().minusSeconds(1)));
            }

            @Override
            public ApiKeyState apiKey(String token) {
                return new ApiKeyState.Unknown();
            }
        };
        assertThat(expired).isNotNull();
        assertThatThrownBy(() -> new SigV4Verifier(lookup, Clock.fixed(v.signedAt(), ZoneOffset.UTC), "bedrock")
                .verify(stale.request())).isInstanceOf(ExpiredTokenException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void aPresignedUrlExpires(Vector v) {
        if (v.header("Authorization") != null) {
            return;
        }
        assertThat(verifier(v, v.signedAt().plusSeconds(899), v.secret()).verify(v.request())).isNotNull();
        assertThatThrownBy(() -> verifier(v, v.signedAt().plusSeconds(901), v.secret()).verify(v.request()))
                .isInstanceOf(InvalidSignatureException.class).hasMessageStartingWith("Signature expired:");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerSignedVectors")
    void aSignatureForAnotherServiceFails(Vector v) {
        Vector other = v.withHeader("Authorization", v.header("Authorization").replace("/bedrock/", "/s3/"));
        assertThatThrownBy(() -> verifier(v).verify(other.request()))
                .isInstanceOf(InvalidSignatureException.class).hasMessageContaining("correct service");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void aKeyWhoseSecretChangedNeverVerifiesWithItsCachedSigningKey(Vector v) {
        java.util.concurrent.atomic.AtomicReference<String> secret = new java.util.concurrent.atomic.AtomicReference<>(v.secret());
        SigV4Verifier verifier = verifier(v, v.signedAt().plusSeconds(30), secret::get);
        verifier.verify(v.request());
        verifier.verify(v.request()); // served by the derived-key cache

        secret.set(v.secret() + "x");
        assertThatThrownBy(() -> verifier.verify(v.request())).isInstanceOf(InvalidSignatureException.class);
        secret.set(v.secret());
        assertThat(verifier.verify(v.request()).key().principal()).isEqualTo(PRINCIPAL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerSignedVectors")
    void onlyASignatureThatVerifiedLeavesItsDerivedKeyBehind(Vector v) {
        SigV4Verifier verifier = verifier(v);
        // Anyone who knows an access key id can choose the scope's region: such requests must not fill the cache.
        for (int i = 0; i < 50; i++) {
            Vector forged = v.withHeader("Authorization", v.header("Authorization").replaceFirst(
                    "/[a-z]{2}-[a-z]+-\\d/", "/region-" + i + "/"));
            assertThatThrownBy(() -> verifier.verify(forged.request())).isInstanceOf(InvalidSignatureException.class);
        }
        assertThat(verifier.derivedKeyCount()).isZero();

        verifier.verify(v.request());
        assertThat(verifier.derivedKeyCount()).isEqualTo(1);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=%s",
        "AWS4-HMAC-SHA256  Credential=AKID/20261122/us-east-1/bedrock/aws4_request,SignedHeaders=host,Signature=%s  ",
        "AWS4-HMAC-SHA256\tCredential=AKID/20261122/us-east-1/bedrock/aws4_request ,\tSignedHeaders=host , Signature=%s",
    })
    void theAuthorizationHeaderParsesWhereverAwsAllowsWhitespace(String template) {
        String header = template.formatted("0123456789abcdef".repeat(4));
        assertThat(SigV4Verifier.authorizationParts(header.strip()))
                .containsExactly("AKID/20261122/us-east-1/bedrock/aws4_request", header.contains("x-amz-date") ? "host;x-amz-date" : "host",
                        "0123456789abcdef".repeat(4));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256Credential=A, SignedHeaders=host, Signature=%s",
        "AWS4-HMAC-SHA1 Credential=A, SignedHeaders=host, Signature=%s",
        "AWS4-HMAC-SHA256 Credential=A SignedHeaders=host, Signature=%s",
        "AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=%s",
        "AWS4-HMAC-SHA256 Credential=A, Signature=%s, SignedHeaders=host",
        "AWS4-HMAC-SHA256 Credential=A, SignedHeaders=host, Signature=%s, Extra=1",
        "AWS4-HMAC-SHA256 Credential=A, SignedHeaders=host, Signature=%sA",
        "AWS4-HMAC-SHA256 Credential=A, SignedHeaders=host, Signature=ABCDEF",
        "AWS4-HMAC-SHA256 Credential=A b, SignedHeaders=host, Signature=%s",
    })
    void aMalformedAuthorizationHeaderIsRefused(String template) {
        String header = template.contains("%s") ? template.formatted("0123456789abcdef".repeat(4)) : template;
        assertThat(SigV4Verifier.authorizationParts(header)).isNull();
        if (!header.isEmpty()) {
            String upper = template.replace("%s", "0123456789ABCDEF".repeat(4));
            assertThat(SigV4Verifier.authorizationParts(upper)).isNull();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"20261122T235959Z", "20240229T000000Z", "19991231T120000Z"})
    void anAmzDateParsesAsTheIsoBasicFormat(String text) {
        assertThat(SigV4Verifier.parseAmzDate(text)).isEqualTo(
                LocalDateTime.parse(text, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(ZoneOffset.UTC));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"20261322T000000Z", "20230229T000000Z", "20261122T240000Z",
        "20261122T235960Z", "2026112T235959Z", "20261122 235959Z", "20261122T235959", "2026-11-22T23:59:59Z",
        "2026112xT235959Z", "+0261122T235959Z"})
    void anAmzDateOutOfFormOrRangeIsRefused(String text) {
        assertThatThrownBy(() -> SigV4Verifier.parseAmzDate(text)).isInstanceOf(InvalidSignatureException.class)
                .hasMessageContaining("ISO 8601 basic format");
    }
}
