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
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
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
import java.util.concurrent.TimeUnit;

/**
 * One listening port that speaks HTTP/1.1 and cleartext HTTP/2, the latter both with prior knowledge
 * (what the AWS SDKs' async clients send) and through {@code Upgrade: h2c}. Every request is handed to
 * a {@link RequestHandler} on its own virtual thread ({@link CallThreads}: by default run by the event loop
 * of the request's connection).
 */
public final class NettyHttpServer implements AutoCloseable {
    /** InvokeModel bodies may be 25,000,000 bytes; leave room for the rest of the request. */
    static final int MAX_REQUEST_BYTES = 26 * 1024 * 1024;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    /** The event loops the server made for itself and closes; null when they were lent to it. */
    private final EventLoopGroup ownGroup;
    private final CallThreads threads;
    private final Channel serverChannel;

    private NettyHttpServer(EventLoopGroup ownGroup, CallThreads threads, Channel serverChannel) {
        this.ownGroup = ownGroup;
        this.threads = threads;
        this.serverChannel = serverChannel;
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
            return start(host, port, group, handler, serverChannel, group, true);
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
        return start(host, port, requireNonNull(loops, "loops"), handler, serverChannel, null, callsOnEventLoops);
    }

    private static NettyHttpServer start(String host, int port, EventLoopGroup group, RequestHandler handler,
                                         Class<? extends ServerChannel> serverChannel, EventLoopGroup ownGroup,
                                         boolean callsOnEventLoops) throws InterruptedException {
        requireNonNull(handler, "handler");
        CallThreads threads = new CallThreads(group, callsOnEventLoops);
        try {
            ChannelFuture bound = new ServerBootstrap()
                    .group(group)
                    .channel(serverChannel)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                    .childHandler(new Initializer(handler, threads))
                    .bind(host, port).await();
            if (!bound.isSuccess()) {
                Throwable cause = bound.cause();
                throw new UncheckedIOException("cannot listen on " + host + ":" + port + " (" + cause.getMessage() + ")",
                        cause instanceof IOException io ? io : new IOException(cause));
            }
            return new NettyHttpServer(ownGroup, threads, bound.channel());
        } catch (InterruptedException | RuntimeException e) {
            threads.close(0);
            throw e;
        }
    }

    /** Whether requests run on their connections' event loops (asked for, and allowed by the JVM). */
    public boolean callsOnEventLoops() {
        return threads.onLoops();
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

    private static final class Initializer extends ChannelInitializer<SocketChannel> {
        private final RequestHandler handler;
        private final CallThreads threads;

        Initializer(RequestHandler handler, CallThreads threads) {
            this.handler = handler;
            this.threads = threads;
        }

        @Override
        protected void initChannel(SocketChannel ch) {
            HttpServerCodec http1 = new HttpServerCodec(8192, MAX_HEADER_BYTES, 8192);
            HttpServerUpgradeHandler.UpgradeCodecFactory upgrades = protocol ->
                    AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                            ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(),
                                    new Http2MultiplexHandler(streamInitializer()))
                            : null;
            HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(http1, upgrades, MAX_REQUEST_BYTES);
            ChannelPipeline pipeline = ch.pipeline();
            pipeline.addLast(new IdleStateHandler(0, 0, IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            pipeline.addLast(new IdleCloser());
            pipeline.addLast(new CleartextHttp2ServerUpgradeHandler(http1, upgrade, priorKnowledge()));
            pipeline.addLast(new HttpServerKeepAliveHandler());
            pipeline.addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES));
            pipeline.addLast(new HttpRequestDispatcher(handler, threads, false));
        }

        /** HTTP/2 with prior knowledge: the connection preface was seen, the HTTP/1 handlers stay idle. */
        private ChannelInitializer<Channel> priorKnowledge() {
            return new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(Http2FrameCodecBuilder.forServer()
                            .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(10_000)).build());
                    ch.pipeline().addLast(new Http2MultiplexHandler(streamInitializer()));
                }
            };
        }

        /** Each HTTP/2 stream becomes a child channel that sees HTTP/1-style objects. */
        private ChannelInitializer<Channel> streamInitializer() {
            return new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel stream) {
                    stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                    stream.pipeline().addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES));
                    stream.pipeline().addLast(new HttpRequestDispatcher(handler, threads, true));
                }
            };
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
