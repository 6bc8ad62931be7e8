package dev.outcrop.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The second reference point of the gateway comparison: a Netty reverse proxy that answers on the event
 * loop, with no thread between the caller's connection and the backend's. Each event loop keeps its own
 * kept-alive connections to the backend, so a call never leaves the loop that read it: the request is
 * forwarded as it was read and the backend's answer is written back from the same loop. This is how far
 * Netty itself goes on this machine; what is left between this and {@link PassThroughProxy} is the cost of
 * a virtual thread a call and its hand-offs, which Outcrop's blocking request path is written for.
 *
 * <p>Usage: {@code EventLoopProxy PORT BACKEND_URL}, for example
 * {@code EventLoopProxy 19007 http://127.0.0.1:19000/v1/chat/completions}.
 */
public final class EventLoopProxy {
    private static final AttributeKey<Consumer<FullHttpResponse>> WAITING = AttributeKey.valueOf("bench.waiting");

    private EventLoopProxy() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        URI backend = URI.create(args[1]);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("proxy-io"), EpollIoHandler.newFactory());
        Bootstrap upstream = new Bootstrap().channel(EpollSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse answer) {
                                        Consumer<FullHttpResponse> waiting = ctx.channel().attr(WAITING).getAndSet(null);
                                        if (waiting != null) {
                                            waiting.accept(answer.retain());
                                        }
                                    }
                                });
                    }
                });
        /* One pool of idle backend connections per event loop, touched by that loop only. */
        Map<EventLoop, ArrayDeque<Channel>> idle = new HashMap<>();
        loops.forEach(loop -> idle.put((EventLoop) loop, new ArrayDeque<>()));
        LoopbackHttpServer.start(loops, EpollServerSocketChannel.class, port, (ctx, request) ->
                forward(ctx, request.content().retain(), upstream, backend, idle.get(ctx.channel().eventLoop())));
        System.out.println("event-loop proxy listening on http://127.0.0.1:" + port);
        Thread.currentThread().join();
    }

    /** Sends the body to the backend on a connection of the caller's own loop and writes its answer back. */
    private static void forward(ChannelHandlerContext caller, ByteBuf body, Bootstrap upstream, URI backend,
                                ArrayDeque<Channel> idle) {
        Channel pooled = idle.pollFirst();
        while (pooled != null && !pooled.isActive()) {
            pooled = idle.pollFirst();
        }
        if (pooled != null) {
            exchange(caller, pooled, body, backend, idle);
            return;
        }
        upstream.clone(caller.channel().eventLoop()).connect(backend.getHost(), backend.getPort()).addListener(f -> {
            if (f.isSuccess()) {
                exchange(caller, ((io.netty.channel.ChannelFuture) f).channel(), body, backend, idle);
            } else {
                body.release();
                caller.close();
            }
        });
    }

    private static void exchange(ChannelHandlerContext caller, Channel connection, ByteBuf body, URI backend,
                                 ArrayDeque<Channel> idle) {
        connection.attr(WAITING).set(answer -> {
            idle.offerFirst(connection);
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(),
                    answer.content());
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.headers().get(HttpHeaderNames.CONTENT_TYPE))
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.content().readableBytes());
            caller.writeAndFlush(response);
        });
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                backend.getRawPath(), body);
        request.headers().set(HttpHeaderNames.HOST, backend.getRawAuthority())
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        connection.writeAndFlush(request);
    }
}
