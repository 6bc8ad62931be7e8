package dev.outcrop.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives each request (a head, then its body in pieces) and hands it to the {@link RequestHandler} on a
 * virtual thread.
 *
 * <p>A body that arrives with its head, in the same reads, is handed over whole, in one step. A body still
 * arriving once those reads are done is not read further until the handler has {@linkplain
 * RequestHandler#admit admitted} the request from its head (its credentials, on the call's own thread, which then
 * waits for the body): a stranger's upload is refused before its body is buffered. Bodies are buffered under the
 * {@link BodyBudget} (per connection and for the server) and must arrive within the body deadline.
 *
 * <p>On an HTTP/1.1 connection one request is answered at a time, so answers leave in request order: a request
 * pipelined behind another waits on the event loop until the one before it is written, and the connection stops
 * being read once {@link #MAX_PIPELINED} wait. (Pausing reads alone does not keep the order: requests already
 * read in the same buffer are decoded and delivered anyway.) On HTTP/2 there is one dispatcher a stream.
 */
final class HttpRequestDispatcher extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpRequestDispatcher.class);

    static final int MAX_PIPELINED = 16;

    private final RequestHandler handler;
    private final CallThreads threads;
    private final boolean http2;
    private final ServerLimits limits;
    private final BodyBudget budget;
    private final BodyBudget.Account account;
    /** The HTTP/1.1 head deadline of this connection; null on an HTTP/2 stream. */
    private final HeadDeadline headDeadline;

    // Event loop only.
    /** The request whose body is arriving, or null between requests. */
    private Incoming current;
    /** HTTP/1.1: whether a request is being answered (or admitted), and the ones pipelined behind it. */
    private boolean answering;
    private final ArrayDeque<Runnable> pipelined = new ArrayDeque<>();
    /** An answer that ends the connection was given or queued: nothing more is read or answered. */
    private boolean closing;

    HttpRequestDispatcher(RequestHandler handler, CallThreads threads, boolean http2, ServerLimits limits,
                          BodyBudget budget, BodyBudget.Account account, HeadDeadline headDeadline) {
        this.handler = handler;
        this.threads = threads;
        this.http2 = http2;
        this.limits = limits;
        this.budget = budget;
        this.account = account;
        this.headDeadline = headDeadline;
    }

    /** Where admission stands for a request whose body arrives after its head. */
    private enum Admission { NOT_ASKED, ASKED, ADMITTED }

    /** A request being received. */
    private final class Incoming {
        final HttpRequest head;
        final String rawPath;
        final String rawQuery;
        /** The decoded query, or null when it is malformed (the body is then dropped and a 400 given). */
        final Map<String, List<String>> query;
        final BodyBuffer body;
        /** The whole request, for the call's thread started by admission; null until then. */
        CompletableFuture<WireRequest> whole;
        Admission admission = Admission.NOT_ASKED;
        ScheduledFuture<?> deadline;

        Incoming(ChannelHandlerContext ctx, HttpRequest head, String rawPath, String rawQuery,
                 Map<String, List<String>> query) {
            this.head = head;
            this.rawPath = rawPath;
            this.rawQuery = rawQuery;
            this.query = query;
            this.body = new BodyBuffer(budget, account, HttpUtil.getContentLength(head, -1L),
                    () -> ctx.executor().execute(() -> evicted(ctx, this)));
        }

        WireRequest wire(Channel channel, byte[] bytes) {
            return new WireRequest(head.method().name(), rawPath, rawQuery, query, head.headers(), bytes, http2,
                    channel.remoteAddress());
        }

        boolean keepAlive() {
            return http2 || HttpUtil.isKeepAlive(head);
        }

        void cancelDeadline() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        /** Gives up on this request: whoever waits for its body stops, its bytes go back to the budget. */
        void abandon() {
            cancelDeadline();
            if (whole != null) {
                whole.completeExceptionally(new IllegalStateException("the request was abandoned"));
            }
            body.release();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject)) {
            ctx.fireChannelRead(msg); // HTTP/2 with prior knowledge: its handlers come after this one
            return;
        }
        try {
            if (closing) {
                return;
            }
            if (msg instanceof HttpRequest head) {
                receiveHead(ctx, head);
            }
            if (msg instanceof HttpContent content && !closing) {
                receiveContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void receiveHead(ChannelHandlerContext ctx, HttpRequest head) {
        if (headDeadline != null) {
            headDeadline.headReceived();
        }
        if (current != null) {
            current.abandon(); // cannot happen with Netty's codecs: a head always follows the previous body's end
            current = null;
        }
        if (head.decoderResult().isFailure()) {
            refuse(ctx, null, TransportReplies.MALFORMED);
            return;
        }
        if (!http2 && head.headers().getAll(HttpHeaderNames.HOST).size() > 1) {
            // Two authorities: which one a signature covered would be a guess (RFC 9112 section 3.2: 400).
            refuse(ctx, null, TransportReplies.MALFORMED.saying("A request carries one Host header, not several."));
            return;
        }
        String codingProblem = http2 ? null : TransferCodings.problem(head.headers());
        if (codingProblem != null) {
            refuse(ctx, null, TransportReplies.MALFORMED.saying(codingProblem));
            return;
        }
        if (HttpUtil.getContentLength(head, -1L) > ServerLimits.MAX_BODY_BYTES) {
            refuse(ctx, null, TransportReplies.TOO_LARGE);
            return;
        }
        RequestTarget target = RequestTarget.of(head.uri());
        current = new Incoming(ctx, head, target.rawPath(), target.rawQuery(), target.query());
    }

    private void receiveContent(ChannelHandlerContext ctx, HttpContent content) {
        Incoming incoming = current;
        if (incoming == null) {
            return; // the rest of a refused request
        }
        if (incoming.query != null) {
            switch (incoming.body.append(content.content())) {
                case APPENDED -> { }
                case TOO_LARGE -> {
                    refuse(ctx, incoming, TransportReplies.TOO_LARGE);
                    return;
                }
                case OVER_BUDGET, RELEASED -> { // RELEASED: evicted to make room for another body
                    refuse(ctx, incoming, TransportReplies.OVER_BUDGET);
                    return;
                }
            }
        }
        if (content instanceof LastHttpContent) {
            current = null;
            incoming.body.arrived();
            incoming.cancelDeadline();
            if (headDeadline != null) {
                headDeadline.requestEnded();
            }
            received(ctx, incoming);
        }
    }

    /** A whole request arrived. */
    private void received(ChannelHandlerContext ctx, Incoming incoming) {
        if (incoming.query == null) {
            answerInTurn(ctx, incoming, response -> TransportReplies.MALFORMED_QUERY.sendOn(response));
            return;
        }
        WireRequest wire = incoming.wire(ctx.channel(), incoming.body.bytes());
        if (incoming.whole != null) {
            incoming.whole.complete(wire); // its call's thread was started by admission and waits for it
            return;
        }
        answerInTurn(ctx, incoming, response -> handler.handle(wire, response));
    }

    /** Answers a whole request on its own virtual thread, after those before it on an HTTP/1.1 connection. */
    private void answerInTurn(ChannelHandlerContext ctx, Incoming incoming, java.util.function.Consumer<ResponseChannel> answer) {
        Channel channel = ctx.channel();
        NettyResponseChannel response = http2 ? new NettyResponseChannel(channel, true, () -> { })
                // answered() runs on the event loop once the answer is written (the write's listener).
                : new NettyResponseChannel(channel, incoming.keepAlive(), () -> answered(ctx));
        Runnable start = () -> threads.on(channel.eventLoop()).execute(() -> {
            try {
                answer.accept(response);
            } finally {
                incoming.body.release();
            }
        });
        if (http2) {
            start.run();
            return;
        }
        if (answering) {
            pipelined.add(start);
            updateAutoRead(ctx);
            return;
        }
        answering = true;
        start.run();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Incoming incoming = current;
        if (incoming != null && incoming.deadline == null) {
            // The body did not come with its head: from now on it has a deadline (a body that does, every small
            // call's, costs no timer).
            incoming.deadline = ctx.executor().schedule(() -> bodyTimedOut(ctx, incoming),
                    limits.bodyTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        if (incoming != null && incoming.query != null) {
            incoming.body.mayBeEvicted();
            if (incoming.admission == Admission.NOT_ASKED && (http2 || !answering)) {
                askAdmission(ctx, incoming);
            }
        }
        updateAutoRead(ctx);
        ctx.fireChannelReadComplete();
    }

    /**
     * The body is still arriving: the call's thread starts now, has the handler admit the request from its head,
     * and then waits for the body, which is read only once the request was admitted.
     */
    private void askAdmission(ChannelHandlerContext ctx, Incoming incoming) {
        incoming.admission = Admission.ASKED;
        CompletableFuture<WireRequest> whole = new CompletableFuture<>();
        incoming.whole = whole;
        if (!http2) {
            answering = true;
        }
        Channel channel = ctx.channel();
        Runnable onAnswered = http2 ? () -> { } : () -> answered(ctx);
        NettyResponseChannel refusal = new NettyResponseChannel(channel, false, onAnswered);
        NettyResponseChannel response = new NettyResponseChannel(channel, incoming.keepAlive(), onAnswered);
        WireRequest head = incoming.wire(channel, new byte[0]);
        threads.on(channel.eventLoop()).execute(() -> {
            try {
                boolean admitted = handler.admit(head, refusal);
                channel.eventLoop().execute(() -> admitted(ctx, incoming, admitted));
                if (!admitted) {
                    return;
                }
                WireRequest request;
                try {
                    request = whole.get();
                } catch (ExecutionException abandoned) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                handler.handle(request, response);
            } finally {
                incoming.body.release();
            }
        });
    }

    private void admitted(ChannelHandlerContext ctx, Incoming incoming, boolean admitted) {
        if (!admitted) {
            // The refusal was answered on a connection (or stream) that closes once it is written.
            closing = true;
            if (current == incoming) {
                current = null;
            }
            incoming.abandon();
            return;
        }
        if (incoming.whole.isDone()) {
            return;
        }
        incoming.admission = Admission.ADMITTED;
        if (HttpUtil.is100ContinueExpected(incoming.head)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        updateAutoRead(ctx);
    }

    private void answered(ChannelHandlerContext ctx) {
        if (LingeringClose.ended(ctx.channel())) {
            pipelined.clear(); // closed (Connection: close, or the client left): nothing more is answered
            answering = false;
            return;
        }
        Runnable next = pipelined.poll();
        if (next != null) {
            next.run();
        } else if (current != null && current.admission == Admission.NOT_ASKED && current.query != null) {
            askAdmission(ctx, current);
        } else {
            answering = false;
        }
        updateAutoRead(ctx);
    }

    /**
     * Reads while fewer than {@link #MAX_PIPELINED} requests wait, unless a request whose body is arriving has not
     * been admitted yet; and once the connection is closing.
     */
    private void updateAutoRead(ChannelHandlerContext ctx) {
        Incoming incoming = current;
        // Closing: what the client still sends is read and dropped (LingeringClose) until the connection closes.
        boolean read = closing || pipelined.size() < MAX_PIPELINED
                && (incoming == null || incoming.query == null || incoming.admission == Admission.ADMITTED);
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    private void evicted(ChannelHandlerContext ctx, Incoming incoming) {
        if (current == incoming) {
            refuse(ctx, incoming, TransportReplies.OVER_BUDGET);
        }
    }

    private void bodyTimedOut(ChannelHandlerContext ctx, Incoming incoming) {
        incoming.deadline = null;
        if (current == incoming) {
            refuse(ctx, incoming, TransportReplies.TIMED_OUT);
        }
    }

    /**
     * Refuses the request being received with {@code reply} and ends the connection (on HTTP/2, the stream): its
     * body cannot be skipped safely. The answer is given in its turn; when a refusal from the handler may be on
     * its way, the connection is closed without one.
     */
    private void refuse(ChannelHandlerContext ctx, Incoming incoming, TransportReplies.Reply reply) {
        if (incoming != null) {
            incoming.abandon();
        }
        if (current == incoming) {
            current = null;
        }
        closing = true;
        updateAutoRead(ctx);
        Channel channel = ctx.channel();
        if (incoming != null && incoming.admission == Admission.ASKED) {
            channel.close();
        } else if (http2 || !answering || incoming != null && incoming.admission == Admission.ADMITTED) {
            reply.sendAndClose(channel);
        } else {
            pipelined.add(() -> reply.sendAndClose(channel));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (current != null) {
            current.abandon();
            current = null;
        }
        pipelined.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Connection resets and malformed framing end up here; they are the peer's business, not ours.
        log.debug("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
