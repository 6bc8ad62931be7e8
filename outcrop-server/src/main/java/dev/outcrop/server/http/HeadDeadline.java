package dev.outcrop.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of an HTTP/1.1 request head: it starts with the first bytes read after the previous request
 * ended and is not moved by later bytes, so a head sent a byte at a time (slowloris) is cut off, where the idle
 * timeout, which every byte resets, never would. Sits before the HTTP codec; {@link HttpRequestDispatcher} says
 * when a head is complete and when a request ended. An HTTP/2 connection turns it off: its heads are frames.
 */
final class HeadDeadline extends ChannelInboundHandlerAdapter {
    private final Duration timeout;
    /** Event loop only. */
    private ChannelHandlerContext context;
    private ScheduledFuture<?> timer;
    private boolean awaitingHead = true;
    private boolean off;

    HeadDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!off && awaitingHead && timer == null && msg instanceof ByteBuf bytes && bytes.isReadable()) {
            timer = ctx.executor().schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** A request head was decoded: its body is the body deadline's business. */
    void headReceived() {
        awaitingHead = false;
        cancel();
    }

    /** The request ended: the next bytes start the next head's deadline. */
    void requestEnded() {
        awaitingHead = true;
    }

    /** The connection speaks HTTP/2 from now on. */
    void turnOff() {
        off = true;
        cancel();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expire() {
        timer = null;
        if (!off && awaitingHead && context.channel().isActive()) {
            TransportReplies.TIMED_OUT.sendAndClose(context.channel());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }
}
