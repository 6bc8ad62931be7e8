package dev.outcrop.server.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each complete request to the {@link RequestHandler} on a virtual thread. On an HTTP/1.1
 * connection one request is answered at a time, so answers leave in request order: a request pipelined
 * behind another waits on the event loop until the one before it is written, and the connection stops
 * being read once {@link #MAX_PIPELINED} wait. (Pausing reads alone does not keep the order: requests
 * already read in the same buffer are decoded and delivered anyway.)
 */
final class HttpRequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpRequestDispatcher.class);

    static final int MAX_PIPELINED = 16;

    private final RequestHandler handler;
    private final CallThreads threads;
    /** Event loop only: whether an HTTP/1.1 request is being answered, and the ones pipelined behind it. */
    private boolean answering;
    private final ArrayDeque<Runnable> pipelined = new ArrayDeque<>();
    private final boolean http2;

    HttpRequestDispatcher(RequestHandler handler, CallThreads threads, boolean http2) {
        this.handler = handler;
        this.threads = threads;
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
        if (http2) {
            NettyResponseChannel response = new NettyResponseChannel(ctx.channel(), true, () -> { });
            threads.on(ctx.channel().eventLoop()).execute(() -> handler.handle(wire, response));
            return;
        }
        // answered() runs on the event loop once the answer is written (the write's listener).
        NettyResponseChannel response = new NettyResponseChannel(ctx.channel(), keepAlive, () -> answered(ctx));
        Runnable answer = () -> threads.on(ctx.channel().eventLoop()).execute(() -> handler.handle(wire, response));
        if (answering) {
            pipelined.add(answer);
            if (pipelined.size() >= MAX_PIPELINED) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        answering = true;
        answer.run();
    }

    private void answered(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            pipelined.clear(); // closed (Connection: close, or the client left): nothing more is answered
            answering = false;
            return;
        }
        Runnable next = pipelined.poll();
        if (next != null) {
            next.run();
        } else {
            answering = false;
        }
        if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
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
