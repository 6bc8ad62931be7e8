package dev.outcrop.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.util.CarrierThreads;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

class UpstreamHttpClientTest {
    private final UpstreamHttpClient client = new UpstreamHttpClient(1, Duration.ofSeconds(2));
    private RawServer server;

    @AfterEach
    void stop() throws IOException {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void callsInSequenceShareOneKeptAliveConnection() throws Exception {
        server = new RawServer(false, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(call()).isEqualTo("data: one\ndata: two\n");
        }
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void aKeptAliveConnectionTheServerClosedIsReplacedWithoutFailingTheCall() throws Exception {
        // Each connection answers one request and is closed by the server when the next arrives on it: the
        // race of a server closing an idle connection as the client reuses it.
        server = new RawServer(true, 0);

        for (int i = 0; i < 3; i++) {
            assertThat(call()).isEqualTo("data: one\ndata: two\n");
        }
        assertThat(server.connections.get()).isEqualTo(3);
    }

    @Test
    void aServerThatSendsNoStatusLineInTimeIsATimeoutAndItsConnectionIsClosed() throws Exception {
        server = new RawServer(false, 2_000);

        assertThatThrownBy(() -> client.post(server.uri(), Map.of(), new byte[0], new ExchangeLimits(Duration.ofMillis(200), Duration.ofSeconds(30))))
                .isInstanceOf(TimeoutException.class);
        server.awaitClosed();
    }

    @Test
    void aMalformedBodyFailsTheReadAndItsConnectionIsNotReused() throws Exception {
        server = new RawServer(false, 0, "a\r\ndata: one\n\r\nzz\r\nnot a chunk\r\n");

        assertThatThrownBy(this::call).isInstanceOf(IOException.class).hasMessageContaining("unreadable");
        server.awaitClosed();
    }

    @Test
    void nothingListeningIsAConnectException() {
        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:1/v1"), Map.of(), new byte[0],
                new ExchangeLimits(Duration.ofSeconds(1), Duration.ofSeconds(30)))).isInstanceOf(ConnectException.class);
    }

    @Test
    void linesAreWholeWhenTheySpanPiecesAndSplitACharacter() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        UpstreamResponse response = new UpstreamResponse(channel);
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        response.data("data: a".getBytes(StandardCharsets.UTF_8));
        response.data(new byte[] {euro[0]});
        response.data(new byte[] {euro[1], euro[2], '\r', '\n', 'x'});
        response.data("y\n\nlast".getBytes(StandardCharsets.UTF_8));
        response.end();

        LineReader lines = new LineReader(response);
        List<String> read = new ArrayList<>();
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            read.add(line);
        }
        assertThat(read).containsExactly("data: a€", "xy", "", "last");
    }

    @Test
    void serverSentEventLinesAreMatchedAsBytesAcrossPieces() throws Exception {
        UpstreamResponse response = new UpstreamResponse(new EmbeddedChannel());
        response.data("event: x\r\ndata:  {\"a\":".getBytes(StandardCharsets.UTF_8));
        response.data("\"€\"} \r\n: comment\ndata: [DONE]\n".getBytes(StandardCharsets.UTF_8));
        response.end();

        LineReader lines = new LineReader(response);
        Line event = lines.next();
        assertThat(event.startsWith("data:")).isFalse();
        assertThat(event.is("event: x")).isTrue();
        Line data = lines.next(); // spans both pieces
        assertThat(data.startsWith("data:")).isTrue();
        Line json = data.skip(5).strip();
        assertThat(json.text()).isEqualTo("{\"a\":\"€\"}");
        assertThat(json.is("[DONE]")).isFalse();
        assertThat(lines.next().text()).isEqualTo(": comment");
        Line done = lines.next().skip(5).strip();
        assertThat(done.is("[DONE]")).isTrue();
        assertThat(lines.next()).isNull();
        assertThat(new Line(new byte[] {'d', 'a'}, 0, 2).skip(5).length()).isZero();
    }

    @Test
    void aSlowReaderPausesTheConnectionAndResumesIt() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        UpstreamResponse response = new UpstreamResponse(channel);
        for (int i = 0; i < UpstreamResponse.PAUSE_AT; i++) {
            response.data(new byte[] {'a'});
        }
        assertThat(channel.config().isAutoRead()).isFalse();

        while (channel.config().isAutoRead() == Boolean.FALSE) {
            response.next();
        }
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aFailureReachesTheReaderAfterWhatCameBefore() throws Exception {
        UpstreamResponse response = new UpstreamResponse(new EmbeddedChannel());
        response.head(200, null, io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
        response.data(new byte[] {'a'});
        response.fail(new IOException("the backend closed the connection"));

        assertThat(response.next()).containsExactly('a');
        assertThatThrownBy(response::next).hasMessageContaining("closed");
        assertThatThrownBy(response::next).hasMessageContaining("closed");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_24, disabledReason = "calls run on the event loops from JDK 24 on")
    void callersOnTwoEventLoopsEachKeepAConnectionOfTheirOwnLoop() throws Exception {
        server = new RawServer(false, 0);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try (UpstreamHttpClient shared = new UpstreamHttpClient(loops, Duration.ofSeconds(2), NioSocketChannel.class)) {
            List<EventExecutor> each = new ArrayList<>();
            loops.forEach(each::add);
            // Alternating callers, one call at a time: without affinity the one idle connection would serve both.
            for (int i = 0; i < 6; i++) {
                EventExecutor loop = each.get(i % 2);
                CompletableFuture<Boolean> onItsLoop = new CompletableFuture<>();
                CarrierThreads.virtualThreadsOn(loop, "caller-").orElseThrow().newThread(() -> {
                    try (UpstreamResponse response = post(shared)) {
                        while (response.next() != null) {
                            // read to the end, so the connection goes back to the pool
                        }
                        onItsLoop.complete(response.channel().eventLoop() == loop);
                    } catch (Exception e) {
                        onItsLoop.completeExceptionally(e);
                    }
                }).start();

                assertThat(onItsLoop.get(10, TimeUnit.SECONDS)).as("call %d on its caller's loop", i).isTrue();
            }
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        assertThat(server.connections.get()).isEqualTo(2);
    }

    private UpstreamResponse post(UpstreamHttpClient through) throws Exception {
        return through.post(server.uri(), Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8), new ExchangeLimits(Duration.ofSeconds(2), Duration.ofSeconds(30)));
    }

    private String call() throws Exception {
        try (UpstreamResponse response = client.post(server.uri(), Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8), new ExchangeLimits(Duration.ofSeconds(2), Duration.ofSeconds(30)))) {
            assertThat(response.status()).isEqualTo(200);
            StringBuilder body = new StringBuilder();
            LineReader lines = new LineReader(response);
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                body.append(line).append('\n');
            }
            return body.toString();
        }
    }

    /** A socket server answering each POST with a chunked body (two lines unless told); counts its connections. */
    private static final class RawServer implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        private final ServerSocket socket = new ServerSocket(0);
        private final String chunks;

        RawServer(boolean dropSecondRequest, long delayMillis) throws IOException {
            this(dropSecondRequest, delayMillis, "a\r\ndata: one\n\r\n" + "a\r\ndata: two\n\r\n0\r\n\r\n");
        }

        RawServer(boolean dropSecondRequest, long delayMillis, String chunks) throws IOException {
            this.chunks = chunks;
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(s, dropSecondRequest, delayMillis));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s, boolean dropSecondRequest, long delayMillis) {
            try (s) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = s.getOutputStream();
                for (int request = 0; ; request++) {
                    int length = 0;
                    String line = in.readLine();
                    if (line == null) {
                        break;
                    }
                    while (!(line = in.readLine()).isEmpty()) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).strip());
                        }
                    }
                    in.skip(length);
                    if (dropSecondRequest && request == 1) {
                        break;
                    }
                    Thread.sleep(delayMillis);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + chunks).getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            } finally {
                closed.incrementAndGet();
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/chat/completions");
        }

        void awaitClosed() throws InterruptedException {
            for (int i = 0; i < 100 && closed.get() == 0; i++) {
                Thread.sleep(50);
            }
            assertThat(closed.get()).isEqualTo(1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
