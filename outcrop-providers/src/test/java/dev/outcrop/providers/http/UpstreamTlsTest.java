package dev.outcrop.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https backends: a server whose certificate is trusted and names the host is reached; any other is refused. */
class UpstreamTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    @TempDir
    static Path dir;
    private static HttpsServer server;
    private static X509Certificate certificate;

    @BeforeAll
    static void start() throws Exception {
        // A self-signed certificate for localhost, made by the JDK's own keytool.
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "backend", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "san=dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0).isTrue();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        certificate = (X509Certificate) store.getCertificate("backend");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static URI at(String host) {
        return URI.create("https://" + host + ":" + server.getAddress().getPort() + "/v1/chat/completions");
    }

    @Test
    void aTrustedCertificateNamingTheHostIsReached() throws Exception {
        try (UpstreamHttpClient client = new UpstreamHttpClient(1, Duration.ofSeconds(2),
                SslContextBuilder.forClient().trustManager(certificate).endpointIdentificationAlgorithm("HTTPS").build());
             UpstreamResponse response = client.post(at("localhost"), Map.of(), new byte[] {'{', '}'}, new ExchangeLimits(Duration.ofSeconds(5), Duration.ofSeconds(30)))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(new LineReader(response).readLine()).isEqualTo("data: [DONE]");
        }
    }

    @Test
    void aCertificateNotNamingTheHostIsRefused() throws Exception {
        try (UpstreamHttpClient client = new UpstreamHttpClient(1, Duration.ofSeconds(2),
                SslContextBuilder.forClient().trustManager(certificate).endpointIdentificationAlgorithm("HTTPS").build())) {
            assertThatThrownBy(() -> client.post(at("127.0.0.1"), Map.of(), new byte[0], new ExchangeLimits(Duration.ofSeconds(5), Duration.ofSeconds(30))))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        try (UpstreamHttpClient client = new UpstreamHttpClient(1, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> client.post(at("localhost"), Map.of(), new byte[0], new ExchangeLimits(Duration.ofSeconds(5), Duration.ofSeconds(30))))
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
