package dev.outcrop.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import java.util.function.BiConsumer;

/**
 * The bench's own HTTP/1.1 servers (the fake backend, the event-loop reference proxy, the JMH benchmarks' loopback
 * upstreams): keep-alive, on
 * 127.0.0.1, each whole request handed to a function on its connection's event loop.
 */
public final class LoopbackHttpServer {
    private LoopbackHttpServer() {}

    /** Binds {@code port} on {@code loops}, whose transport makes {@code serverChannel}, and returns the bound channel. */
    public static Channel start(EventLoopGroup loops, Class<? extends ServerChannel> serverChannel, int port,
                         BiConsumer<ChannelHandlerContext, FullHttpRequest> handler) throws InterruptedException {
        return new ServerBootstrap().group(loops).channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 4096).childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerKeepAliveHandler(),
                                new HttpObjectAggregator(1 << 20), new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                        handler.accept(ctx, request);
                                    }
                                });
                    }
                }).bind("127.0.0.1", port).sync().channel();
    }
}
