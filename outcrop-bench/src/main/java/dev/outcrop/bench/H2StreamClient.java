package dev.outcrop.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A lean HTTP/2 (h2c, prior knowledge) client that opens many streaming calls over a few connections and
 * keeps nothing of an answer but its progress: the first event, the end, and whether a {@code metadata}
 * event (the last event of a Bedrock stream) arrived. The AWS SDK's own async client needs several
 * gigabytes of heap to hold thousands of streams open, which would starve the process being measured.
 */
final class H2StreamClient implements AutoCloseable {
    private static final byte[] METADATA = "metadata".getBytes(StandardCharsets.US_ASCII);

    /** One call's progress. */
    static final class Call {
        final CompletableFuture<Void> firstEvent = new CompletableFuture<>();
        final CompletableFuture<Boolean> done = new CompletableFuture<>();
        volatile String status;
        volatile String failure;
    }

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Channel> connections = new ArrayList<>();
    private int next;

    H2StreamClient(String host, int port, int connections) throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient()
                                .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(100_000)).build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                    }
                });
        for (int i = 0; i < connections; i++) {
            this.connections.add(bootstrap.connect(host, port).sync().channel());
        }
    }

    /** Starts a POST of {@code body} to {@code path} with {@code headers}, round-robin over the connections. */
    Call post(String authority, String path, Map<String, String> headers, byte[] body) {
        return post(authority, path, headers, body, true);
    }

    /**
     * As {@link #post(String, String, Map, byte[])}; unless {@code end}, the stream stays open after {@code body}
     * (an upload that is never finished). A stream the server does not let open fails its call.
     */
    Call post(String authority, String path, Map<String, String> headers, byte[] body, boolean end) {
        Call call = new Call();
        Channel connection = connections.get(next++ % connections.size());
        new Http2StreamChannelBootstrap(connection).handler(new Progress(call)).open().addListener(opened -> {
            if (!opened.isSuccess()) {
                call.firstEvent.completeExceptionally(opened.cause());
                call.done.completeExceptionally(opened.cause());
                return;
            }
            Http2StreamChannel stream = (Http2StreamChannel) opened.getNow();
            Http2Headers h2 = new DefaultHttp2Headers().method("POST").scheme("http").authority(authority).path(path);
            headers.forEach((name, value) -> h2.add(name.toLowerCase(java.util.Locale.ROOT), value));
            stream.write(new DefaultHttp2HeadersFrame(h2));
            stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), end));
        });
        return call;
    }

    @Override
    public void close() {
        connections.forEach(Channel::close);
        group.shutdownGracefully();
    }

    /** Follows one stream: its status, its first data, the metadata event and its end. */
    private static final class Progress extends ChannelInboundHandlerAdapter {
        private final Call call;
        private boolean metadata;
        /** The end of the data so far: an event's header may arrive split between two DATA frames. */
        private byte[] tail = new byte[0];

        Progress(Call call) {
            this.call = call;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame headers) {
                    if (headers.headers().status() != null) {
                        call.status = headers.headers().status().toString();
                    }
                    if (headers.isEndStream()) {
                        finish(ctx);
                    }
                } else if (msg instanceof Http2DataFrame data) {
                    if (data.content().isReadable()) {
                        call.firstEvent.complete(null);
                        metadata |= seen(data.content());
                    }
                    if (data.isEndStream()) {
                        finish(ctx);
                    }
                }
            } finally {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }

        private void finish(ChannelHandlerContext ctx) {
            if (!"200".equals(call.status) || !metadata) {
                call.failure = "status " + call.status + (metadata ? "" : ", no metadata event");
            }
            end(call.failure == null);
            ctx.close();
        }

        private void end(boolean completed) {
            call.firstEvent.complete(null);
            call.done.complete(completed);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!call.done.isDone()) {
                call.failure = "stream closed before its end (status " + call.status + ")";
            }
            end(false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            call.failure = String.valueOf(cause);
            end(false);
            ctx.close();
        }

        /** Whether the metadata event's name is in {@code content}, or begins in the frames before it. */
        private boolean seen(ByteBuf content) {
            byte[] bytes = new byte[tail.length + content.readableBytes()];
            System.arraycopy(tail, 0, bytes, 0, tail.length);
            content.getBytes(content.readerIndex(), bytes, tail.length, content.readableBytes());
            tail = Arrays.copyOfRange(bytes, Math.max(0, bytes.length - (METADATA.length - 1)), bytes.length);
            outer:
            for (int i = 0; i + METADATA.length <= bytes.length; i++) {
                for (int j = 0; j < METADATA.length; j++) {
                    if (bytes[i + j] != METADATA[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }
}
