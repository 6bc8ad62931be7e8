package dev.outcrop.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outcrop.util.CarrierThreads;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/** Where a request's virtual thread runs: on its connection's event loop, or on the JDK's scheduler. */
class CallThreadsTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private EventLoopGroup loops;
    private NettyHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_24, disabledReason = "calls run on the event loops from JDK 24 on")
    void aRequestRunsOnAVirtualThreadCarriedByItsConnectionsEventLoop() throws Exception {
        assertThat(CarrierThreads.available()).as("the tests run with " + CarrierThreads.REQUIRED_OPTION).isTrue();
        start(2, true, whereItRan());

        assertThat(server.callsOnEventLoops()).isTrue();
        assertThat(get("/")).isEqualTo("virtual on an event loop");
    }

    @Test
    void askedForTheSharedSchedulerARequestRunsOffTheEventLoops() throws Exception {
        start(2, false, whereItRan());

        assertThat(server.callsOnEventLoops()).isFalse();
        assertThat(get("/")).isEqualTo("virtual elsewhere");
    }

    @Test
    void aRequestThatWaitsLeavesItsEventLoopToTheOthers() throws Exception {
        // One event loop for every connection: the first request waits until the second has run, which it can
        // only do if the waiting thread gave the loop back.
        CountDownLatch released = new CountDownLatch(1);
        start(1, true, (request, response) -> {
            if (request.rawPath().equals("/wait")) {
                try {
                    boolean ok = released.await(10, TimeUnit.SECONDS);
                    response.send(200, Map.of(), (ok ? "released" : "stuck").getBytes(StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                released.countDown();
                response.send(200, Map.of(), "release".getBytes(StandardCharsets.UTF_8));
            }
        });
        CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(request("/wait"), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200); // the first request is waiting by now (it is answered either way)

        assertThat(get("/release")).isEqualTo("release");
        assertThat(waiting.get(10, TimeUnit.SECONDS).body()).isEqualTo("released");
    }

    private RequestHandler whereItRan() {
        return (request, response) -> {
            Thread carrier = CarrierThreads.current();
            boolean onLoop = false;
            for (EventExecutor loop : loops) {
                onLoop |= loop.inEventLoop(carrier);
            }
            String where = (Thread.currentThread().isVirtual() ? "virtual" : "platform")
                    + (onLoop ? " on an event loop" : " elsewhere");
            response.send(200, Map.of(), where.getBytes(StandardCharsets.UTF_8));
        };
    }

    private void start(int threads, boolean onLoops, RequestHandler handler) throws InterruptedException {
        loops = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        server = NettyHttpServer.start("127.0.0.1", 0, loops, handler, NioServerSocketChannel.class, onLoops);
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10)).build();
    }

    private String get(String path) throws Exception {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
    }
}
