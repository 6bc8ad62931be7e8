package dev.outcrop.server.http;

import static java.util.Objects.requireNonNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One listening port that speaks HTTP/1.1 and cleartext HTTP/2, the latter both with prior knowledge
 * (what the AWS SDKs' async clients send) and through {@code Upgrade: h2c}. Every request is handed to
 * a {@link RequestHandler} on its own virtual thread ({@link CallThreads}: by default run by the event loop
 * of the request's connection).
 */
public final class NettyHttpServer implements AutoCloseable {
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    /** The largest body of a request that asks to upgrade to h2c and is upgraded; a larger one is served over HTTP/1.1. */
    private static final int MAX_UPGRADE_BODY_BYTES = 64 * 1024;
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    /** The event loops the server made for itself and closes; null when they were lent to it. */
    private final EventLoopGroup ownGroup;
    private final CallThreads threads;
    private final Channel serverChannel;

    private final BodyBudget budget;

    private NettyHttpServer(EventLoopGroup ownGroup, CallThreads threads, Channel serverChannel, BodyBudget budget) {
        this.ownGroup = ownGroup;
        this.threads = threads;
        this.serverChannel = serverChannel;
        this.budget = budget;
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and starts serving.
     *
     * @param ioThreads event-loop threads; 0 for one per core
     */
    public static NettyHttpServer start(String host, int port, int ioThreads, RequestHandler handler)
            throws InterruptedException {
        return start(host, port, ioThreads, handler, NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    /**
     * As {@link #start(String, int, int, RequestHandler)}, on a given Netty transport: its I/O handlers and
     * its server channel (Java NIO, or Linux's native epoll).
     */
    public static NettyHttpServer start(String host, int port, int ioThreads, RequestHandler handler,
                                        IoHandlerFactory transport, Class<? extends ServerChannel> serverChannel)
            throws InterruptedException {
        int threads = ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, transport);
        try {
            return start(host, port, group, handler, serverChannel, group, true, ServerLimits.defaults());
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * As {@link #start(String, int, int, RequestHandler)}, on event loops it is lent (and leaves running when
     * it closes), whose transport makes {@code serverChannel}: one set of loops can serve a process's listener
     * and its own outgoing connections.
     */
    public static NettyHttpServer start(String host, int port, EventLoopGroup loops, RequestHandler handler,
                                        Class<? extends ServerChannel> serverChannel) throws InterruptedException {
        return start(host, port, loops, handler, serverChannel, true);
    }

    /**
     * As {@link #start(String, int, EventLoopGroup, RequestHandler, Class)}; {@code callsOnEventLoops} says
     * whether a request's virtual thread runs on its connection's event loop where the JVM allows it
     * ({@link CallThreads}), or on the JDK's shared scheduler.
     */
    public static NettyHttpServer start(String host, int port, EventLoopGroup loops, RequestHandler handler,
                                        Class<? extends ServerChannel> serverChannel, boolean callsOnEventLoops)
            throws InterruptedException {
        return start(host, port, loops, handler, serverChannel, callsOnEventLoops, ServerLimits.defaults());
    }

    /**
     * As {@link #start(String, int, EventLoopGroup, RequestHandler, Class, boolean)}, under {@code limits}: what a
     * client may buffer and how long its heads and bodies may take.
     */
    public static NettyHttpServer start(String host, int port, EventLoopGroup loops, RequestHandler handler,
                                        Class<? extends ServerChannel> serverChannel, boolean callsOnEventLoops,
                                        ServerLimits limits) throws InterruptedException {
        return start(host, port, requireNonNull(loops, "loops"), handler, serverChannel, null, callsOnEventLoops,
                requireNonNull(limits, "limits"));
    }

    private static NettyHttpServer start(String host, int port, EventLoopGroup group, RequestHandler handler,
                                         Class<? extends ServerChannel> serverChannel, EventLoopGroup ownGroup,
                                         boolean callsOnEventLoops, ServerLimits limits) throws InterruptedException {
        requireNonNull(handler, "handler");
        CallThreads threads = new CallThreads(group, callsOnEventLoops);
        BodyBudget budget = new BodyBudget(limits.maxBufferedBytes(), limits.maxConnectionBufferedBytes());
        try {
            ChannelFuture bound = new ServerBootstrap()
                    .group(group)
                    .channel(serverChannel)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .childHandler(new Initializer(handler, threads, limits, budget))
                    .bind(host, port).await();
            if (!bound.isSuccess()) {
                Throwable cause = bound.cause();
                throw new UncheckedIOException("cannot listen on " + host + ":" + port + " (" + cause.getMessage() + ")",
                        cause instanceof IOException io ? io : new IOException(cause));
            }
            return new NettyHttpServer(ownGroup, threads, bound.channel(), budget);
        } catch (InterruptedException | RuntimeException e) {
            threads.close(0);
            throw e;
        }
    }

    /** Whether requests run on their connections' event loops (asked for, and allowed by the JVM). */
    public boolean callsOnEventLoops() {
        return threads.onLoops();
    }

    /** The bytes of request bodies buffered now, all connections together. */
    public long bufferedBodyBytes() {
        return budget.buffered();
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops accepting, lets requests in flight finish for a short while, and closes everything. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        threads.close(5);
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** HTTP/1.1's codec with the server's limits on the request line and head (shared with its fuzz target). */
    static HttpServerCodec http1Codec() {
        return new HttpServerCodec(8192, MAX_HEADER_BYTES, 8192);
    }

    private static final class Initializer extends ChannelInitializer<SocketChannel> {
        private final RequestHandler handler;
        private final CallThreads threads;
        private final ServerLimits limits;
        private final BodyBudget budget;

        Initializer(RequestHandler handler, CallThreads threads, ServerLimits limits, BodyBudget budget) {
            this.handler = handler;
            this.threads = threads;
            this.limits = limits;
            this.budget = budget;
        }

        @Override
        protected void initChannel(SocketChannel ch) {
            BodyBudget.Account account = budget.connection();
            HeadDeadline headDeadline = new HeadDeadline(limits.headerTimeout());
            HttpServerCodec http1 = http1Codec();
            HttpServerUpgradeHandler.UpgradeCodecFactory upgrades = protocol -> {
                if (!AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) {
                    return null;
                }
                headDeadline.turnOff();
                return new Http2ServerUpgradeCodec(http2Codec(), new Http2MultiplexHandler(streamInitializer(account)));
            };
            HttpServerUpgradeHandler upgrade = new SmallBodyUpgradeHandler(http1, upgrades);
            ChannelPipeline pipeline = ch.pipeline();
            pipeline.addLast(new IdleStateHandler(0, 0, IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            pipeline.addLast(new IdleCloser());
            pipeline.addLast(headDeadline);
            pipeline.addLast(new CleartextHttp2ServerUpgradeHandler(http1, upgrade, priorKnowledge(account, headDeadline)));
            // No HttpServerKeepAliveHandler: it closes a connection as soon as an answer saying "Connection: close" is
            // written, where an answer given before the body was read must linger (LingeringClose). The dispatcher
            // decides keep-alive for each request, and every answer carries its length or is chunked.
            pipeline.addLast(new HttpRequestDispatcher(handler, threads, false, limits, budget, account, headDeadline));
        }

        /** The HTTP/2 frame codec, announcing the cap on concurrent streams. */
        private Http2FrameCodec http2Codec() {
            return Http2FrameCodecBuilder.forServer()
                    .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(limits.maxConcurrentStreams()))
                    .build();
        }

        /** HTTP/2 with prior knowledge: the connection preface was seen, the HTTP/1 handlers stay idle. */
        private ChannelInitializer<Channel> priorKnowledge(BodyBudget.Account account, HeadDeadline headDeadline) {
            return new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    headDeadline.turnOff();
                    ch.pipeline().addLast(http2Codec());
                    ch.pipeline().addLast(new Http2MultiplexHandler(streamInitializer(account)));
                }
            };
        }

        /** Each HTTP/2 stream becomes a child channel that sees HTTP/1-style objects. */
        private ChannelInitializer<Channel> streamInitializer(BodyBudget.Account account) {
            return new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel stream) {
                    stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                    stream.pipeline().addLast(new HttpRequestDispatcher(handler, threads, true, limits, budget, account, null));
                }
            };
        }
    }

    /**
     * Upgrades to h2c only a request whose body is small ({@link #MAX_UPGRADE_BODY_BYTES}): the upgrade handler
     * buffers the whole request before it answers, outside the body budget. A request with a larger or chunked
     * body is served over HTTP/1.1 instead, which a server may always do (RFC 9110 section 7.8).
     */
    private static final class SmallBodyUpgradeHandler extends HttpServerUpgradeHandler {
        SmallBodyUpgradeHandler(HttpServerCodec http1, UpgradeCodecFactory upgrades) {
            super(http1, upgrades, MAX_UPGRADE_BODY_BYTES);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, HttpObject msg, List<Object> out) throws Exception {
            if (msg instanceof HttpRequest request && request.headers().contains(HttpHeaderNames.UPGRADE)
                    && (HttpUtil.isTransferEncodingChunked(request)
                            || HttpUtil.getContentLength(request, 0L) > MAX_UPGRADE_BODY_BYTES)) {
                request.headers().remove(HttpHeaderNames.UPGRADE);
            }
            super.decode(ctx, msg, out);
        }
    }

    /** Closes connections that stayed idle for {@link #IDLE_TIMEOUT}. */
    private static final class IdleCloser extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                ctx.close().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            } else {
                super.userEventTriggered(ctx, event);
            }
        }
    }
}
