package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * What the transport holds for a client it does not know yet: malformed heads, transfer codings, bodies that are
 * never finished or too slow, HTTP/2 streams. Each waits on the server's answer, not on a clock.
 */
class TransportLimitsTest {
    private static final String MODEL = "us.anthropic.claude-3-haiku-20240307-v1:0";
    private static final String CONVERSE_PATH = "/model/us.anthropic.claude-3-haiku-20240307-v1%3A0/converse";
    private static final String CONVERSE_BODY = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}";

    @TempDir
    Path dataDir;

    @Test
    void aMalformedQueryEscapeIsAnswered400AndThePipelinedRequestsBehindItAreServed() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); RawHttp1 http = new RawHttp1(outcrop.endpoint())) {
            http.send("GET /_outcrop/health?a=%zz HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /_outcrop/health HTTP/1.1\r\nHost: localhost\r\n\r\n");

            RawHttp1.Answer malformed = http.read();
            RawHttp1.Answer next = http.read();

            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.headers()).containsEntry("x-amzn-errortype", "SerializationException");
            assertThat(malformed.body()).contains("malformed percent-encoding");
            assertThat(next.status()).isEqualTo(200);
        }
    }

    @Test
    void anUnknownTransferCodingBesideAContentLengthIsRefusedWith400() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); RawHttp1 http = new RawHttp1(outcrop.endpoint())) {
            assertASignedConverseWithTheseHeadersIsRefusedWith400(outcrop, http, "Transfer-Encoding: xchunked\r\n",
                    "xchunked");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aRequestWithTwoHostHeadersIsRefusedWith400() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); RawHttp1 http = new RawHttp1(outcrop.endpoint())) {
            assertASignedConverseWithTheseHeadersIsRefusedWith400(outcrop, http, "Host: elsewhere.example\r\n",
                    "one Host header");
        }
    }

    @Test
    void aTransferEncodingWhoseFinalCodingIsNotChunkedIsRefusedWith400() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); RawHttp1 http = new RawHttp1(outcrop.endpoint())) {
            assertASignedConverseWithTheseHeadersIsRefusedWith400(outcrop, http, "Transfer-Encoding: gzip\r\n",
                    "final transfer coding must be chunked");
        }
    }

    /** A Converse with a Content-Length, root's key and {@code headers} besides, answered 400 saying {@code why}. */
    private static void assertASignedConverseWithTheseHeadersIsRefusedWith400(TestOutcrop outcrop, RawHttp1 http,
                                                                            String headers, String why) throws Exception {
        http.send("POST " + CONVERSE_PATH + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + outcrop.rootBearer()
                + "\r\n" + headers + "Content-Length: " + CONVERSE_BODY.length() + "\r\n\r\n" + CONVERSE_BODY);

        RawHttp1.Answer answer = http.read();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains(why);
    }

    @Test
    void anUnsignedUploadIsRefusedFromItsHeadBeforeItsBodyIsSent() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); RawHttp1 http = new RawHttp1(outcrop.endpoint())) {
            http.send(uploadHead(Map.of(), 20_000_000) + "x".repeat(1024));

            RawHttp1.Answer answer = http.read(); // the other 19,998,976 bytes are never sent

            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.headers()).containsEntry("x-amzn-errortype", "MissingAuthenticationTokenException");
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aClientThatSendsItsWholeBodyAfterItWasRefusedStillReadsTheRefusal() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); RawHttp1 http = new RawHttp1(outcrop.endpoint())) {
            // More than the sockets' buffers hold: the server must read what it does not want for the client to finish.
            int length = 20 * 1024 * 1024;
            http.send(uploadHead(Map.of(), length) + "x".repeat(1024));
            String piece = "x".repeat(64 * 1024);
            for (int sent = 1024; sent < length; sent += piece.length()) {
                http.send(piece.substring(0, Math.min(piece.length(), length - sent))); // as a client that reads only after
            }

            RawHttp1.Answer answer = http.read(); // not a reset: the server drained the body it did not want

            assertThat(answer.status()).isEqualTo(403);
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void anUnsignedHttp2UploadIsRefusedFromItsHeadersBeforeItsBodyIsSent() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); H2Streams h2 = new H2Streams(outcrop.port())) {
            CompletableFuture<String> answer = h2.open("POST", CONVERSE_PATH,
                    Map.of("content-type", "application/json", "content-length", "20000000"), new byte[1024], false);

            assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("403");
        }
    }

    @Test
    void aSignedCallSucceedsWhileFiftyUnfinishedUploadsAreOpenOverHttp1AndHttp2() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); H2Streams h2 = new H2Streams(outcrop.port());
             BedrockRuntimeClient sync = outcrop.runtime(); BedrockRuntimeAsyncClient async = outcrop.runtimeAsyncH2c()) {
            List<Socket> sockets = new ArrayList<>();
            List<CompletableFuture<String>> streams = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    // Half send no credentials; half a signature that verifies only once the body is whole.
                    Map<String, String> credentials = i % 2 == 0 ? Map.of() : forgedSignature();
                    Socket socket = new Socket(outcrop.endpoint().getHost(), outcrop.port());
                    sockets.add(socket);
                    socket.getOutputStream().write((uploadHead(credentials, 20_000_000) + "x".repeat(64 * 1024))
                            .getBytes(StandardCharsets.ISO_8859_1));
                    Map<String, String> headers = new LinkedHashMap<>(credentials);
                    headers.put("content-type", "application/json");
                    headers.put("content-length", "20000000");
                    streams.add(h2.open("POST", CONVERSE_PATH, headers, new byte[32 * 1024], false));
                }

                ConverseResponse overHttp1 = sync.converse(r -> r.modelId(MODEL).messages(hello()));
                ConverseResponse overHttp2 = async.converse(r -> r.modelId(MODEL).messages(hello())).get(30, TimeUnit.SECONDS);

                assertThat(overHttp1.output().message().content().getFirst().text()).isNotEmpty();
                assertThat(overHttp2.output().message().content().getFirst().text()).isNotEmpty();
                for (int i = 0; i < 50; i += 2) {
                    assertThat(streams.get(i).get(30, TimeUnit.SECONDS)).as("unsigned stream %d", i).isEqualTo("403");
                }
                // At most what the 25 + 25 forged uploads sent, each array rounded up to a doubling.
                assertThat(outcrop.outcrop().bufferedBodyBytes()).isLessThanOrEqualTo(50L * 128 * 1024);
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aBodyBeyondTheServersBufferBudgetIsRefusedWith503() throws Exception {
        OutcropConfig config = OutcropConfig.defaults().withDataDir(dataDir)
                .with(new LimitsConfig(null, 1024L * 1024, null, null, null));
        try (TestOutcrop outcrop = TestOutcrop.start(config); RawHttp1 http = new RawHttp1(outcrop.endpoint())) {
            http.send(uploadHead(forgedSignature(), 3_000_000));
            String chunk = "x".repeat(64 * 1024);
            RawHttp1.Answer answer = null;
            try {
                for (int sent = 0; sent < 3_000_000; sent += chunk.length()) {
                    http.send(chunk);
                }
            } catch (IOException closedOnUs) {
                // the server answered and closed while the body was still being sent
            }
            answer = http.read();

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.headers()).containsEntry("x-amzn-errortype", "ServiceUnavailableException");
        }
    }

    @Test
    void anUnfinishedUploadGivesWayToASignedCallWhenTheServersBudgetIsShort() throws Exception {
        OutcropConfig config = OutcropConfig.defaults().withDataDir(dataDir)
                .with(new LimitsConfig(null, 1024L * 1024, null, null, null));
        try (TestOutcrop outcrop = TestOutcrop.start(config); RawHttp1 upload = new RawHttp1(outcrop.endpoint());
             BedrockRuntimeClient sync = outcrop.runtime()) {
            upload.send(uploadHead(forgedSignature(), 20_000_000) + "x".repeat(600 * 1024));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (outcrop.outcrop().bufferedBodyBytes() < 600 * 1024 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            ConverseResponse answer = sync.converse(r -> r.modelId(MODEL).messages(hello()));

            assertThat(answer.output().message().content().getFirst().text()).isNotEmpty();
            assertThat(upload.read().status()).isEqualTo(503);
        }
    }

    @Test
    void aHeadThatIsNotFinishedInTimeIsAnswered408AndClosed() throws Exception {
        OutcropConfig config = OutcropConfig.defaults().withDataDir(dataDir)
                .with(new LimitsConfig(null, null, null, 200L, null));
        try (TestOutcrop outcrop = TestOutcrop.start(config); RawHttp1 http = new RawHttp1(outcrop.endpoint())) {
            http.send("GET /_outcrop/health HTTP/1.1\r\nHost: local"); // and nothing more

            RawHttp1.Answer answer = http.read();

            assertThat(answer.status()).isEqualTo(408);
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void aBodyThatIsNotFinishedInTimeIsAnswered408AndClosed() throws Exception {
        OutcropConfig config = OutcropConfig.defaults().withDataDir(dataDir)
                .with(new LimitsConfig(null, null, null, null, 200L));
        try (TestOutcrop outcrop = TestOutcrop.start(config); RawHttp1 http = new RawHttp1(outcrop.endpoint())) {
            http.send(uploadHead(Map.of("Authorization", outcrop.rootBearer()), 1000) + "{\"messages\"");

            RawHttp1.Answer answer = http.read();

            assertThat(answer.status()).isEqualTo(408);
            assertThat(http.closedByServer()).isTrue();
        }
    }

    @Test
    void anAdmittedClientExpecting100ContinueIsToldToSendItsBody() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir); RawHttp1 http = new RawHttp1(outcrop.endpoint())) {
            http.send(uploadHead(Map.of("Authorization", outcrop.rootBearer(), "Expect", "100-continue"),
                    CONVERSE_BODY.length()));

            RawHttp1.Answer proceed = http.read();
            RawHttp1.Answer answer = http.send(CONVERSE_BODY).read();

            assertThat(proceed.status()).isEqualTo(100);
            assertThat(answer.status()).isEqualTo(200);
        }
    }

    @Test
    void http2ConnectionsAreOffered128ConcurrentStreams() throws Exception {
        try (TestOutcrop outcrop = TestOutcrop.start(dataDir);
             Socket socket = new Socket(outcrop.endpoint().getHost(), outcrop.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}); // an empty SETTINGS frame
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            byte[] header = new byte[9];
            in.readFully(header);
            int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
            byte[] settings = new byte[length];
            in.readFully(settings);
            Map<Integer, Long> values = new LinkedHashMap<>();
            for (int at = 0; at + 6 <= length; at += 6) {
                values.put((settings[at] & 0xff) << 8 | settings[at + 1] & 0xff,
                        ((long) (settings[at + 2] & 0xff) << 24) | (settings[at + 3] & 0xff) << 16
                                | (settings[at + 4] & 0xff) << 8 | settings[at + 5] & 0xff);
            }

            assertThat(header[3]).as("frame type").isEqualTo((byte) 4);
            assertThat(values).containsEntry(3, 128L); // SETTINGS_MAX_CONCURRENT_STREAMS
        }
    }

    private static Message hello() {
        return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("hi")).build();
    }

    /** The head of a Converse upload of {@code length} bytes with {@code headers}. */
    private static String uploadHead(Map<String, String> headers, long length) {
        StringBuilder head = new StringBuilder("POST " + CONVERSE_PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + length + "\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        return head.append("\r\n").toString();
    }

    /**
     * A SigV4 header of the root's access key, dated now, whose signature (over the body's hash) is wrong: nothing in
     * the head gives it away.
     */
    private static Map<String, String> forgedSignature() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String amzDate = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        return Map.of("X-Amz-Date", amzDate, "Authorization", "AWS4-HMAC-SHA256 Credential=" + TestOutcrop.ROOT_KEY + "/"
                + amzDate.substring(0, 8) + "/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                + "0".repeat(64));
    }
}
