package dev.outcrop.providers.http;

import static java.util.Objects.requireNonNull;

import dev.outcrop.util.CarrierThreads;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;

/**
 * An HTTP/1.1 client for model backends (http or https), on its own Netty event loops or on loops it is
 * lent, that keeps connections alive per origin and event loop and hands each response to its caller as a
 * queue of parts ({@link UpstreamResponse}). A caller whose virtual thread runs on one of the loops
 * ({@code CarrierThreads}) gets a connection of that loop, so its whole exchange stays on one thread.
 *
 * <p>Built for many long streams: a call in flight holds a connection, a small queue and nothing else
 * (no reader buffers, no threads), and a slow caller pauses reading from its connection instead of
 * buffering. A pooled connection unused for longer than {@link #IDLE_LIMIT} is closed rather than reused
 * (servers such as uvicorn close theirs after 5 s); a request that fails on a reused connection before any
 * answer arrives (the server closed it at the same moment) is sent once more on a new connection.
 */
public final class UpstreamHttpClient implements AutoCloseable {
    /** Longest a kept-alive connection is reused after its last exchange. */
    static final Duration IDLE_LIMIT = Duration.ofSeconds(4);
    private static final AttributeKey<Long> IDLE_SINCE = AttributeKey.valueOf("outcrop.idleSince");

    private final EventLoopGroup group;
    /** Whether the client made its event loops (and shuts them down) or was lent them. */
    private final boolean ownsGroup;
    private final ScheduledFuture<?> expiry;
    private final Bootstrap bootstrap;
    private final SslContext tls;
    /** Kept-alive connections by origin and event loop, so that a caller running on a loop finds one of its own. */
    private final Map<IdleKey, ConcurrentLinkedDeque<Channel>> idle = new ConcurrentHashMap<>();
    private final EventLoop[] loops;

    /** Creates the client; {@code threads} event loops (0: one per core). https servers are checked against the JDK's trust store. */
    public UpstreamHttpClient(int threads, Duration connectTimeout) {
        this(threads, connectTimeout, NioIoHandler.newFactory(), NioSocketChannel.class);
    }

    /**
     * As {@link #UpstreamHttpClient(int, Duration)}, on a given Netty transport: its I/O handlers and its
     * socket channel (Java NIO, or Linux's native epoll).
     */
    public UpstreamHttpClient(int threads, Duration connectTimeout, IoHandlerFactory transport,
                              Class<? extends SocketChannel> channel) {
        this(threads, connectTimeout, defaultTls(), transport, channel);
    }

    /**
     * A client on event loops it is lent (a server's, say) and leaves running when it closes; {@code channel}
     * must be of their transport.
     */
    public UpstreamHttpClient(EventLoopGroup loops, Duration connectTimeout, Class<? extends SocketChannel> channel) {
        this(requireNonNull(loops, "loops"), false, connectTimeout, defaultTls(), channel);
    }

    /** As {@link #UpstreamHttpClient(int, Duration)}, with the TLS settings for https servers. */
    UpstreamHttpClient(int threads, Duration connectTimeout, SslContext tls) {
        this(threads, connectTimeout, tls, NioIoHandler.newFactory(), NioSocketChannel.class);
    }

    private UpstreamHttpClient(int threads, Duration connectTimeout, SslContext tls, IoHandlerFactory transport,
                               Class<? extends SocketChannel> channel) {
        this(new MultiThreadIoEventLoopGroup(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("outcrop-upstream", true), transport), true, connectTimeout, tls, channel);
    }

    private UpstreamHttpClient(EventLoopGroup group, boolean ownsGroup, Duration connectTimeout, SslContext tls,
                               Class<? extends SocketChannel> channel) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.bootstrap = new Bootstrap().group(group).channel(channel)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis());
        this.tls = tls;
        List<EventLoop> all = new ArrayList<>();
        group.forEach(loop -> all.add((EventLoop) loop));
        this.loops = all.toArray(EventLoop[]::new);
        this.expiry = group.scheduleAtFixedRate(this::closeExpired, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * Sends {@code POST uri} with {@code body} and waits for the response's status line; the body then
     * arrives through {@link UpstreamResponse#next()}. The exchange stops (the connection closes, a read of
     * the body fails, {@link UpstreamResponse#timedOut()} tells why) when one of its {@code limits} passes.
     *
     * @throws ConnectException when no connection can be made
     * @throws java.util.concurrent.TimeoutException when no status line came within a limit
     * @throws IOException when the connection failed before the status line
     */
    public UpstreamResponse post(URI uri, Map<String, String> headers, byte[] body, ExchangeLimits limits)
            throws IOException, InterruptedException, java.util.concurrent.TimeoutException {
        String origin = origin(uri);
        Channel reused = pooled(origin);
        if (reused != null) {
            UpstreamResponse response = send(reused, origin, uri, headers, body, limits);
            try {
                response.awaitHead();
                return response;
            } catch (IOException staleConnection) {
                // the server closed a kept-alive connection as we sent: once more on a new one
            }
        }
        UpstreamResponse response = send(connect(uri), origin, uri, headers, body, limits);
        response.awaitHead();
        return response;
    }

    private UpstreamResponse send(Channel channel, String origin, URI uri, Map<String, String> headers, byte[] body,
                                  ExchangeLimits limits) {
        UpstreamResponse response = new UpstreamResponse(channel);
        channel.pipeline().get(ExchangeHandler.class).begin(response, origin);
        String target = uri.getRawPath() + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, target,
                Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, uri.getRawAuthority())
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.forEach(request.headers()::set);
        // One task for the connection's loop: it starts the limits and writes (a write from this thread would be
        // a task of its own).
        channel.eventLoop().execute(() -> {
            response.arm(limits);
            channel.writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    response.fail(new IOException("cannot send the request: " + written.cause().getMessage(), written.cause()));
                    channel.close();
                }
            });
        });
        return response;
    }

    /**
     * A kept-alive connection to {@code origin}: for a caller on one of the loops, one of that loop's (a
     * connection of another loop would move every step of the exchange between threads, so a new one is made on
     * its own loop instead); for any other caller, one of any loop's.
     */
    private Channel pooled(String origin) {
        EventLoop own = callersLoop();
        if (own != null) {
            return pooled(new IdleKey(origin, own));
        }
        Channel channel = null;
        for (int i = 0; channel == null && i < loops.length; i++) {
            channel = pooled(new IdleKey(origin, loops[i]));
        }
        return channel;
    }

    private Channel pooled(IdleKey key) {
        ConcurrentLinkedDeque<Channel> channels = idle.get(key);
        if (channels == null) {
            return null;
        }
        long now = System.nanoTime();
        for (Channel channel = channels.pollFirst(); channel != null; channel = channels.pollFirst()) {
            Long since = channel.attr(IDLE_SINCE).get();
            if (channel.isActive() && since != null && now - since < IDLE_LIMIT.toNanos()) {
                return channel;
            }
            channel.close();
        }
        return null;
    }

    private Channel connect(URI uri) throws IOException, InterruptedException {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String host = uri.getHost();
        // On the caller's own loop where it runs on one of ours, so the exchange never changes threads.
        EventLoop own = callersLoop();
        EventLoop loop = own != null ? own : group.next();
        Bootstrap connection = bootstrap.clone(loop).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (https) { // the server's certificate is checked against the JDK's trust store and the host name
                    ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
                }
                ch.pipeline().addLast(new HttpClientCodec(), new ExchangeHandler(UpstreamHttpClient.this::release));
            }
        });
        CompletableFuture<Channel> connected = new CompletableFuture<>();
        // Connected from an event loop: Netty keeps per-thread state for the thread that sets a channel up,
        // which a virtual thread per call would multiply.
        loop.execute(() -> {
            ChannelFuture connecting = connection.connect(host, port);
            connecting.addListener(f -> {
                if (f.isSuccess()) {
                    if (!connected.complete(connecting.channel())) {
                        connecting.channel().close(); // the caller stopped waiting
                    }
                } else {
                    connected.completeExceptionally(f.cause());
                }
            });
        });
        try {
            return connected.get();
        } catch (ExecutionException e) {
            ConnectException refused = new ConnectException("cannot connect to " + host + ":" + port + ": "
                    + e.getCause().getMessage());
            refused.initCause(e.getCause());
            throw refused;
        } catch (InterruptedException e) {
            connected.cancel(false);
            throw e;
        }
    }

    /** Called by a connection whose exchange ended cleanly with keep-alive: ready for the next. */
    private void release(Channel channel, String origin) {
        channel.attr(IDLE_SINCE).set(System.nanoTime());
        idle.computeIfAbsent(new IdleKey(origin, channel.eventLoop()), o -> new ConcurrentLinkedDeque<>()).offerFirst(channel);
    }

    /** Closes and forgets the pooled connections that were closed by their server or idle too long. */
    private void closeExpired() {
        long now = System.nanoTime();
        for (ConcurrentLinkedDeque<Channel> channels : idle.values()) {
            for (var it = channels.descendingIterator(); it.hasNext(); ) {
                Channel channel = it.next();
                Long since = channel.attr(IDLE_SINCE).get();
                if (!channel.isActive() || since == null || now - since >= IDLE_LIMIT.toNanos()) {
                    if (channels.removeFirstOccurrence(channel)) {
                        channel.close();
                    }
                }
            }
        }
    }

    /** The event loop the calling thread runs on (its own, or its virtual thread's carrier), if one of ours. */
    private EventLoop callersLoop() {
        Thread carrier = CarrierThreads.current();
        for (EventLoop loop : loops) {
            if (loop.inEventLoop(carrier)) {
                return loop;
            }
        }
        return null;
    }

    private record IdleKey(String origin, EventLoop loop) {}

    /** The JDK's trust store, and the certificate must name the host (HTTPS endpoint identification). */
    static SslContext defaultTls() {
        try {
            return SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for https backends", e);
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    @Override
    public void close() {
        expiry.cancel(false);
        idle.values().forEach(channels -> channels.forEach(Channel::close));
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
