package dev.outcrop.providers.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.function.BiConsumer;

/** The end of a connection's pipeline: passes the response of the exchange in progress to its reader. */
final class ExchangeHandler extends ChannelInboundHandlerAdapter {
    private final BiConsumer<Channel, String> release;
    private volatile UpstreamResponse current;
    private volatile String origin;
    private boolean keepAlive;

    ExchangeHandler(BiConsumer<Channel, String> release) {
        this.release = release;
    }

    /** Starts an exchange; called before its request is written. */
    void begin(UpstreamResponse response, String origin) {
        this.origin = origin;
        this.current = response;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            UpstreamResponse response = current;
            if (response == null) {
                return; // nothing asked: a server speaking out of turn is ignored
            }
            if (msg instanceof HttpResponse head) {
                if (head.decoderResult().isFailure()) {
                    response.fail(new IOException("unreadable response: " + head.decoderResult().cause().getMessage()));
                    ctx.close();
                    return;
                }
                keepAlive = HttpUtil.isKeepAlive(head);
                response.head(head.status().code(), head.headers().get("x-amzn-ErrorType"), head.headers());
            }
            if (msg instanceof HttpContent content) {
                if (content.decoderResult().isFailure()) { // a malformed chunk: the body cannot be trusted
                    current = null;
                    response.fail(new IOException("unreadable response body: " + content.decoderResult().cause().getMessage()));
                    ctx.close();
                    return;
                }
                if (content.content().isReadable()) {
                    response.data(ByteBufUtil.getBytes(content.content()));
                }
                if (content instanceof LastHttpContent) {
                    current = null;
                    // Pooled before the reader learns of the end, so that its next call finds the connection.
                    // (An abort of this response, which runs on this event loop after this, sees it complete.)
                    if (keepAlive && ctx.channel().isActive()) {
                        release.accept(ctx.channel(), origin);
                    } else {
                        ctx.close();
                    }
                    response.end();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamResponse response = current;
        if (response != null) {
            current = null;
            response.fail(new IOException("the backend closed the connection"));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamResponse response = current;
        if (response != null) {
            current = null;
            response.fail(cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause));
        }
        ctx.close();
    }
}
