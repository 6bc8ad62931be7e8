package dev.outcrop.server.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each complete request to the {@link RequestHandler} on a virtual thread. On an HTTP/1.1
 * connection it stops reading until the answer is written, so answers leave in request order.
 */
final class HttpRequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRequestDispatcher.class);

    private final RequestHandler handler;
    private final ExecutorService executor;
    private final boolean http2;

    HttpRequestDispatcher(RequestHandler handler, ExecutorService executor, boolean http2) {
        this.handler = handler;
        this.executor = executor;
        this.http2 = http2;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            rejectMalformed(ctx);
            return;
        }
        String uri = request.uri();
        int question = uri.indexOf('?');
        String rawPath = question < 0 ? uri : uri.substring(0, question);
        String rawQuery = question < 0 ? "" : uri.substring(question + 1);
        WireRequest wire = new WireRequest(request.method().name(), rawPath, rawQuery,
                new QueryStringDecoder(rawQuery, false).parameters(), request.headers(),
                ByteBufUtil.getBytes(request.content()), http2, ctx.channel().remoteAddress());
        boolean keepAlive = http2 || HttpUtil.isKeepAlive(request);
        if (!http2) {
            ctx.channel().config().setAutoRead(false);
        }
        Runnable onComplete = http2 ? () -> { } : () -> {
            ctx.channel().config().setAutoRead(true);
        };
        NettyResponseChannel response = new NettyResponseChannel(ctx.channel(), keepAlive, onComplete);
        executor.execute(() -> handler.handle(wire, response));
    }

    private static void rejectMalformed(ChannelHandlerContext ctx) {
        byte[] body = "{\"message\":\"The HTTP request is malformed.\"}".getBytes(StandardCharsets.UTF_8);
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.BAD_REQUEST, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set("X-Amzn-ErrorType", "SerializationException")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Connection resets and malformed framing end up here; they are the peer's business, not ours.
        log.debug("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
