package dev.outcrop.server.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.error.ValidationException;
import dev.outcrop.server.http.ResponseChannel;
import dev.outcrop.server.http.TextRequests;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeTest {
    private final Recorded recorded = new Recorded();

    @Test
    void anErrorCarriesTheRequestIdTheDateAndTheErrorTypeInThatOrder() {
        edge(exchange -> {
            throw new ValidationException("bad member");
        }).handle(TextRequests.parse("GET / HTTP/1.1\r\n\r\n"), recorded);

        assertThat(recorded.status).isEqualTo(400);
        assertThat(recorded.headers.keySet()).containsExactly("x-amzn-RequestId", "Date", "Content-Type",
                "X-Amzn-ErrorType");
        assertThat(recorded.headers).containsEntry("X-Amzn-ErrorType", "ValidationException");
        assertThat(recorded.body).isEqualTo("{\"message\":\"bad member\"}");
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorNamingOnlyTheRequestId() {
        edge(exchange -> {
            throw new IllegalStateException("secret detail");
        }).handle(TextRequests.parse("GET / HTTP/1.1\r\n\r\n"), recorded);

        assertThat(recorded.status).isEqualTo(500);
        assertThat(recorded.body).isEqualTo("{\"message\":\"An internal error occurred. Request id: "
                + recorded.headers.get("x-amzn-RequestId") + ".\"}");
    }

    @Test
    void aHeadRefusedOnAdmissionIsAnsweredAndNotPassedOn() {
        Edge edge = new Edge(List.of(new RequestIdentity(), new DateHeader(), new ErrorBoundary(), new EdgeDecorator() {
            @Override
            public void handle(Exchange exchange, Next next) {
                next.handle(exchange);
            }

            @Override
            public boolean admit(Exchange exchange, Next next) {
                throw new ValidationException("refused");
            }
        }), exchange -> { });

        assertThat(edge.admit(TextRequests.parse("POST / HTTP/1.1\r\n\r\n"), recorded)).isFalse();
        assertThat(recorded.status).isEqualTo(400);
        assertThat(recorded.headers).containsKeys("x-amzn-RequestId", "Date");
    }

    private static Edge edge(EdgeService service) {
        return new Edge(List.of(new RequestIdentity(), new DateHeader(), new ErrorBoundary()), service);
    }

    private static final class Recorded implements ResponseChannel {
        int status;
        Map<String, String> headers;
        String body;

        @Override
        public void send(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            this.headers = headers;
            this.body = new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public StreamWriter startStream(int status, Map<String, String> headers) {
            throw new UnsupportedOperationException();
        }
    }
}
