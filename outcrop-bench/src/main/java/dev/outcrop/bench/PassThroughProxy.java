package dev.outcrop.bench;

import dev.outcrop.providers.http.ExchangeLimits;
import dev.outcrop.providers.http.UpstreamHttpClient;
import dev.outcrop.providers.http.UpstreamResponse;
import dev.outcrop.server.http.NettyHttpServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Outcrop's transport and nothing else, as a reference point for the gateway comparison: its HTTP server
 * (a virtual thread a request) and its upstream client, on one set of epoll event loops as Outcrop runs them,
 * passing each request's body to the backend and its answer back. No authentication, no policy, no
 * translation between APIs, no ledger: what is left between this and {@link EventLoopProxy} is the cost of a
 * virtual thread a call, and what is left between this and Outcrop is what Outcrop does with a call.
 *
 * <p>Usage: {@code PassThroughProxy PORT BACKEND_URL}, for example
 * {@code PassThroughProxy 19006 http://127.0.0.1:19000/v1/chat/completions}.
 */
public final class PassThroughProxy {
    private static final ExchangeLimits LIMITS = new ExchangeLimits(Duration.ofSeconds(30), Duration.ofSeconds(60));
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private PassThroughProxy() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        URI backend = URI.create(args[1]);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("outcrop-io"), EpollIoHandler.newFactory());
        UpstreamHttpClient client = new UpstreamHttpClient(loops, Duration.ofSeconds(5), EpollSocketChannel.class);
        NettyHttpServer.start("127.0.0.1", port, loops, (request, response) -> {
            try (UpstreamResponse answer = client.post(backend, JSON, request.body(), LIMITS)) {
                ByteArrayOutputStream body = new ByteArrayOutputStream(512);
                for (byte[] piece = answer.next(); piece != null; piece = answer.next()) {
                    body.write(piece);
                }
                response.send(answer.status(), JSON, body.toByteArray());
            } catch (Exception e) {
                response.send(502, JSON, ("{\"message\":\"" + e.getClass().getSimpleName() + "\"}").getBytes());
            }
        }, EpollServerSocketChannel.class);
        System.out.println("pass-through proxy listening on http://127.0.0.1:" + port);
        Thread.currentThread().join();
    }
}
