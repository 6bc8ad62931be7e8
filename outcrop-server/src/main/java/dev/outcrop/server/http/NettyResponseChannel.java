package dev.outcrop.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@link ResponseChannel} over a Netty channel (an HTTP/1.1 connection or one HTTP/2 stream). */
final class NettyResponseChannel implements ResponseChannel {
    /** How long a stream write may wait for a slow reader before the peer is taken as gone. */
    private static final Duration WRITE_STALL_LIMIT = Duration.ofSeconds(60);

    private final Channel channel;
    private final boolean keepAlive;
    private final Runnable onComplete;

    NettyResponseChannel(Channel channel, boolean keepAlive, Runnable onComplete) {
        this.channel = channel;
        this.keepAlive = keepAlive;
        this.onComplete = onComplete;
    }

    @Override
    public void send(int status, Map<String, String> headers, byte[] body) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
        copyHeaders(headers, response.headers());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        finish(channel.writeAndFlush(response));
    }

    @Override
    public StreamWriter startStream(int status, Map<String, String> headers) {
        DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        copyHeaders(headers, response.headers());
        response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        channel.writeAndFlush(response);
        return new Writer();
    }

    private void copyHeaders(Map<String, String> from, HttpHeaders to) {
        from.forEach(to::set);
        if (!keepAlive) {
            to.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    private void finish(ChannelFuture lastWrite) {
        lastWrite.addListener(f -> {
            if (!f.isSuccess()) {
                channel.close();
            } else if (!keepAlive) {
                LingeringClose.close(channel);
            }
            onComplete.run();
        });
    }

    private final class Writer implements StreamWriter {
        private boolean ended;

        @Override
        public void write(byte[] part) {
            if (!channel.isActive()) {
                throw new ClientGoneException("the client closed the connection", null);
            }
            ChannelFuture future = channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(part)));
            // Backpressure: when Netty's outbound buffer is over its high-water mark, wait until this part
            // has reached the socket, so that a slow reader holds back the producer instead of the heap.
            if (!channel.isWritable()) {
                boolean done = future.awaitUninterruptibly(WRITE_STALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                if (!done || !future.isSuccess()) {
                    channel.close();
                    throw new ClientGoneException("the client stopped reading", future.cause());
                }
            }
        }

        @Override
        public void end() {
            if (ended) {
                return;
            }
            ended = true;
            finish(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
        }

        @Override
        public boolean isOpen() {
            return channel.isActive();
        }
    }
}
