package dev.outcrop.bench.jmh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.outcrop.bench.LoopbackHttpServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatEventSink;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.Message;
import dev.outcrop.invoke.NativeRequest;
import dev.outcrop.providers.bedrock.BedrockAuth;
import dev.outcrop.providers.bedrock.BedrockProvider;
import dev.outcrop.providers.http.UpstreamHttpClient;
import dev.outcrop.server.protocol.EventStreamEncoder;
import dev.outcrop.server.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * What a Bedrock passthrough call costs the front against a translated one: the real {@link BedrockProvider}
 * (SigV4 signing, the pooled upstream connection, the event-stream reader) calls a loopback upstream that answers
 * with canned frames of a 40-token Llama answer, and the sink does what the front's InvokeModelWithResponseStream
 * does with them. {@code passthrough}: the caller's native body goes up as it came, each native chunk is read for
 * its text and usage and framed again unchanged. {@code translated}: the request is written as a Converse body, the
 * ConverseStream events are parsed, and each is rendered as a native Llama chunk, as before the passthrough.
 * {@code converseStreamPassthrough} and {@code converseStreamTranslated}: the same for ConverseStream, each upstream
 * message handed on as it came against each event parsed and rendered as a ConverseStream frame again.
 * Run with {@code scripts/bench jmh BedrockPassthroughBenchmarks}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class BedrockPassthroughBenchmarks {
    private static final String MODEL = "meta.llama3-1-8b-instruct-v1:0";
    private static final int TOKENS = 40;
    private static final byte[] NATIVE_BODY = "{\"prompt\":\"Explain inference profiles in one sentence\",\"max_gen_len\":64,\"temperature\":0.5}"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONVERSE_BODY = ("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":"
            + "\"Explain inference profiles in one sentence\"}]}],\"inferenceConfig\":{\"maxTokens\":64,\"temperature\":0.5}}")
            .getBytes(StandardCharsets.UTF_8);
    private static final ChatRequest REQUEST = new ChatRequest(List.of(), List.of(new Message("user",
            List.of(new ContentBlock.Text("Explain inference profiles in one sentence")))),
            new InferenceParameters(64, 0.5, null, null, List.of()), List.of(), null, null);

    private EventLoopGroup upstreamLoop;
    private Channel upstream;
    private UpstreamHttpClient http;
    private BedrockProvider provider;
    private Deployment deployment;
    private NativeRequest nativeRequest;
    private NativeRequest converseStreamRequest;

    @Setup
    public void setUp() throws IOException {
        byte[] nativeStream = nativeStream();
        byte[] converseStream = converseStream();
        upstreamLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            upstream = LoopbackHttpServer.start(upstreamLoop, NioServerSocketChannel.class, 0, (ctx, request) -> {
                byte[] answer = request.uri().endsWith("/invoke-with-response-stream") ? nativeStream : converseStream;
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(answer));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/vnd.amazon.eventstream")
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.length);
                ctx.writeAndFlush(response);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        http = new UpstreamHttpClient(1, Duration.ofSeconds(5));
        provider = new BedrockProvider(http, BedrockAuth.sigV4(StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIABENCHBEDROCK0001", "bench-secret"))), Map.of());
        deployment = new Deployment(MODEL, "us-east-1", "bedrock",
                URI.create("http://127.0.0.1:" + ((java.net.InetSocketAddress) upstream.localAddress()).getPort()), MODEL, Duration.ofSeconds(30),
                Duration.ofSeconds(10));
        nativeRequest = new NativeRequest(NativeRequest.Operation.INVOKE_STREAM, NATIVE_BODY);
        converseStreamRequest = new NativeRequest(NativeRequest.Operation.CONVERSE_STREAM, CONVERSE_BODY);
    }

    @TearDown
    public void tearDown() {
        http.close();
        upstream.close().syncUninterruptibly();
        upstreamLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Benchmark
    public void passthrough(Blackhole hole) {
        provider.converse(deployment, REQUEST, nativeRequest, new ChatEventSink() {
            @Override
            public void nativeAnswer(byte[] payload, boolean last) {
                hole.consume(EventStreamEncoder.event("chunk", payload)); // handed on as it came
            }

            @Override
            public void accept(ChatEvent event) {
                hole.consume(event);
            }
        });
    }

    @Benchmark
    public void translated(Blackhole hole) {
        int[] generated = {0};
        provider.converse(deployment, REQUEST, null, event -> {
            ObjectNode chunk = switch (event) {
                case ChatEvent.TextDelta delta -> llamaChunk(delta.text(), ++generated[0], null);
                case ChatEvent.Metadata metadata -> llamaChunk("", generated[0], "stop").set(
                        "amazon-bedrock-invocationMetrics", JsonNodeFactory.instance.objectNode()
                                .put("inputTokenCount", metadata.usage().inputTokens())
                                .put("outputTokenCount", metadata.usage().outputTokens()));
                default -> null;
            };
            if (chunk != null) {
                hole.consume(EventStreamEncoder.event("chunk", Json.write(Map.of("bytes",
                        Base64.getEncoder().encodeToString(Json.write(chunk))))));
            }
        });
    }

    @Benchmark
    public void converseStreamPassthrough(Blackhole hole) {
        provider.converse(deployment, REQUEST, converseStreamRequest, new ChatEventSink() {
            @Override
            public void nativeAnswer(byte[] message, boolean last) {
                hole.consume(message); // the upstream's message, handed on as it came
            }

            @Override
            public void accept(ChatEvent event) {
                hole.consume(event);
            }
        });
    }

    @Benchmark
    public void converseStreamTranslated(Blackhole hole) {
        provider.converse(deployment, REQUEST, null, event -> {
            ObjectNode payload = JsonNodeFactory.instance.objectNode();
            String type = switch (event) {
                case ChatEvent.MessageStart start -> {
                    payload.put("role", start.role());
                    yield "messageStart";
                }
                case ChatEvent.TextDelta delta -> {
                    payload.put("contentBlockIndex", delta.index()).putObject("delta").put("text", delta.text());
                    yield "contentBlockDelta";
                }
                case ChatEvent.BlockStop stop -> {
                    payload.put("contentBlockIndex", stop.index());
                    yield "contentBlockStop";
                }
                case ChatEvent.MessageStop stop -> {
                    payload.put("stopReason", "end_turn");
                    yield "messageStop";
                }
                case ChatEvent.Metadata metadata -> {
                    payload.putObject("usage").put("inputTokens", metadata.usage().inputTokens())
                            .put("outputTokens", metadata.usage().outputTokens())
                            .put("totalTokens", metadata.usage().totalTokens());
                    payload.putObject("metrics").put("latencyMs", 400);
                    yield "metadata";
                }
                default -> null;
            };
            if (type != null) {
                hole.consume(EventStreamEncoder.event(type, Json.write(payload)));
            }
        });
    }

    private static ObjectNode llamaChunk(String text, int count, String stop) {
        ObjectNode chunk = JsonNodeFactory.instance.objectNode().put("generation", text);
        chunk.putNull("prompt_token_count");
        chunk.put("generation_token_count", count);
        if (stop == null) {
            chunk.putNull("stop_reason");
        } else {
            chunk.put("stop_reason", stop);
        }
        return chunk;
    }

    private static byte[] nativeStream() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= TOKENS; i++) {
            ObjectNode chunk = llamaChunk(" word" + i, i, i == TOKENS ? "stop" : null);
            if (i == TOKENS) {
                chunk.putObject("amazon-bedrock-invocationMetrics").put("inputTokenCount", 12)
                        .put("outputTokenCount", TOKENS).put("invocationLatency", 400).put("firstByteLatency", 90);
            }
            out.write(EventStreamEncoder.event("chunk", Json.write(Map.of("bytes",
                    Base64.getEncoder().encodeToString(Json.write(chunk))))));
        }
        return out.toByteArray();
    }

    private static byte[] converseStream() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(EventStreamEncoder.event("messageStart", Json.write(Map.of("role", "assistant"))));
        for (int i = 1; i <= TOKENS; i++) {
            out.write(EventStreamEncoder.event("contentBlockDelta", Json.write(Map.of("contentBlockIndex", 0,
                    "delta", Map.of("text", " word" + i)))));
        }
        out.write(EventStreamEncoder.event("contentBlockStop", Json.write(Map.of("contentBlockIndex", 0))));
        out.write(EventStreamEncoder.event("messageStop", Json.write(Map.of("stopReason", "end_turn"))));
        out.write(EventStreamEncoder.event("metadata", Json.write(Map.of("usage", Map.of("inputTokens", 12,
                "outputTokens", TOKENS, "totalTokens", 12 + TOKENS), "metrics", Map.of("latencyMs", 400)))));
        return out.toByteArray();
    }
}
