package dev.outcrop.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's model backend: an OpenAI-compatible {@code /v1/chat/completions} that answers at once with
 * a fixed small completion, or, when the request asks to stream, a short SSE stream in vLLM's shape (role,
 * three content chunks, finish, usage, {@code [DONE]}) in one response.
 *
 * <p>With {@code --hold SECONDS}, a stream sends its role and first content chunk at once and the rest only
 * after that many seconds: many streams stay open at the same time (the memory benchmark).
 *
 * <p>Usage: {@code FakeModelBackend PORT [--hold SECONDS]}.
 */
public final class FakeModelBackend {
    private static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
            + "\"Inference profiles route calls.\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] STREAM_HEAD = String.join("",
            chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null"),
            chunk("{\"content\":\"Inference\"}", "null")).getBytes(StandardCharsets.UTF_8);
    private static final byte[] STREAM_TAIL = String.join("",
            chunk("{\"content\":\" profiles\"}", "null"),
            chunk("{\"content\":\" route calls.\"}", "null"),
            chunk("{}", "\"stop\""),
            "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\","
                    + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":5,\"total_tokens\":17}}\n\n",
            "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
    private static final byte[] STREAM = concat(STREAM_HEAD, STREAM_TAIL);

    private FakeModelBackend() {}

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}\n\n";
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9000;
        long holdSeconds = args.length > 2 && args[1].equals("--hold") ? Long.parseLong(args[2]) : 0;
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel channel = LoopbackHttpServer.start(group, NioServerSocketChannel.class, port, (ctx, request) -> {
            boolean stream = request.content().toString(StandardCharsets.UTF_8).contains("\"stream\":true");
            if (stream && holdSeconds > 0) {
                holdStream(ctx, holdSeconds);
                return;
            }
            ByteBuf body = Unpooled.wrappedBuffer(stream ? STREAM : COMPLETION);
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, stream ? "text/event-stream" : "application/json");
            HttpUtil.setContentLength(response, body.readableBytes());
            HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
            ctx.writeAndFlush(response);
        });
        System.out.println("fake backend listening on http://127.0.0.1:" + port);
        channel.closeFuture().sync();
    }

    /** A chunked SSE response: the head now, the tail after {@code seconds}. */
    private static void holdStream(ChannelHandlerContext ctx, long seconds) {
        DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
        HttpUtil.setTransferEncodingChunked(response, true);
        ctx.write(response);
        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(STREAM_HEAD)));
        ctx.executor().schedule(() -> ctx.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(STREAM_TAIL))),
                seconds, java.util.concurrent.TimeUnit.SECONDS);
    }
}
