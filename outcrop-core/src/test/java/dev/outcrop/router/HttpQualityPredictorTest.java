package dev.outcrop.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.outcrop.catalog.FoundationModel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpQualityPredictorTest {
    private HttpServer server;
    private final AtomicReference<String> received = new AtomicReference<>();

    private URI serve(int status, String answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/score", exchange -> {
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/score");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static List<FoundationModel> candidates() {
        return List.of(RouterDeciderTest.MODELS.apply(RouterDeciderTest.HAIKU),
                RouterDeciderTest.MODELS.apply(RouterDeciderTest.SONNET));
    }

    @Test
    void theServiceIsAskedOnceForBothCandidatesAndItsScoresAreTheReply() throws IOException {
        URI url = serve(200, "{\"scores\": {\"anthropic.claude-3-haiku-20240307-v1:0\": 71.5,"
                + " \"anthropic.claude-3-5-sonnet-20240620-v1:0\": 88}}");

        var predictions = new HttpQualityPredictor(url, Duration.ofSeconds(5))
                .predictAll(RouterDeciderTest.ask("hello"), candidates());

        assertThat(predictions.get("anthropic.claude-3-haiku-20240307-v1:0").score()).isEqualTo(71.5);
        assertThat(predictions.get("anthropic.claude-3-5-sonnet-20240620-v1:0").score()).isEqualTo(88);
        assertThat(received.get()).contains("\"candidates\":[\"anthropic.claude-3-haiku-20240307-v1:0\"",
                "\"messages\":[{\"role\":\"user\",\"text\":\"hello\"}]");
    }

    @Test
    void aFailingServiceMakesThePredictionUnavailable() throws IOException {
        URI url = serve(500, "{}");

        assertThatThrownBy(() -> new HttpQualityPredictor(url, Duration.ofSeconds(5))
                .predictAll(RouterDeciderTest.ask("hello"), candidates()))
                .isInstanceOf(QualityPredictor.PredictionUnavailableException.class);
    }

    @Test
    void aScoreOutsideTheRangeMakesThePredictionUnavailable() throws IOException {
        URI url = serve(200, "{\"scores\": {\"anthropic.claude-3-haiku-20240307-v1:0\": 140,"
                + " \"anthropic.claude-3-5-sonnet-20240620-v1:0\": 88}}");

        assertThatThrownBy(() -> new HttpQualityPredictor(url, Duration.ofSeconds(5))
                .predictAll(RouterDeciderTest.ask("hello"), candidates()))
                .isInstanceOf(QualityPredictor.PredictionUnavailableException.class);
    }

    @Test
    void anUnreachableServiceMakesThePredictionUnavailable() throws IOException {
        URI url = serve(200, "{}");
        server.stop(0);
        server = null;

        assertThatThrownBy(() -> new HttpQualityPredictor(url, Duration.ofSeconds(2))
                .predictAll(RouterDeciderTest.ask("hello"), candidates()))
                .isInstanceOf(QualityPredictor.PredictionUnavailableException.class);
    }
}
