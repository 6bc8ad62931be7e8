package dev.outcrop.server.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fuzz target of the HTTP/1.1 request head and query (Jazzer; docs/security.md): raw bytes from a connection
 * go through the server's HTTP/1.1 handlers (Netty's decoder with the server's limits, the head deadline, the
 * dispatcher that splits the target into path and query and decodes the query) to a handler that reads the
 * request as an operation would. Nothing a peer sends may throw out of the pipeline, and whatever the pipeline
 * answers itself is a client error, never a 5xx. Seeds: {@code HttpHeadFuzzTestInputs/} in test resources.
 */
class HttpHeadFuzzTest {
    /** Where the status code starts and ends in {@code HTTP/1.1 200 OK}. */
    private static final int STATUS_START = 9;
    private static final int STATUS_END = 12;

    @FuzzTest(maxDuration = "2s")
    void noBytesFromAPeerThrowOutOfTheHttpPipelineOrAreAnsweredWithA5xx(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel();
        // Requests run on virtual threads carried by the channel's own loop, as on the server: runPendingTasks runs them.
        CallThreads threads = new CallThreads(channel.eventLoop(), true);
        RequestHandler handler = (request, response) -> {
            request.query().forEach((name, values) -> values.forEach(String::length));
            request.header("Authorization");
            request.queryParameter("X-Amz-Algorithm");
            response.send(200, Map.of(), new byte[0]);
        };
        ServerLimits limits = ServerLimits.defaults();
        BodyBudget budget = new BodyBudget(limits.maxBufferedBytes(), limits.maxConnectionBufferedBytes());
        HeadDeadline headDeadline = new HeadDeadline(limits.headerTimeout());
        // The server's HTTP/1.1 handlers, as NettyHttpServer's initializer adds them after the upgrade handler.
        channel.pipeline().addLast(headDeadline, NettyHttpServer.http1Codec(),
                new HttpRequestDispatcher(handler, threads, false, limits, budget, budget.connection(), headDeadline));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(input));
            channel.runPendingTasks();
            channel.checkException();
            // The codec has encoded the answers: a buffer that starts a response starts with its status line.
            for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
                try {
                    if (out instanceof ByteBuf bytes && bytes.readableBytes() >= STATUS_END) {
                        String statusLine = bytes.toString(bytes.readerIndex(), STATUS_END, StandardCharsets.US_ASCII);
                        if (statusLine.startsWith("HTTP/1.") && statusLine.charAt(STATUS_START) >= '5') {
                            throw new IllegalStateException("the pipeline answered " + statusLine);
                        }
                    }
                } finally {
                    ReferenceCountUtil.release(out);
                }
            }
        } finally {
            channel.finishAndReleaseAll();
            threads.close(0);
        }
    }
}
