package dev.outcrop.bench.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import dev.outcrop.util.JsonMappers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Jackson's buffer pools under two threads, as a node's two event loops use them: a parser for one chunk of an
 * OpenAI-compatible stream, and a generator for a small body, each taking its buffers from the pool and giving
 * them back. {@code outcrop} is {@link JsonMappers#factory()}; {@code deque} is Jackson's shared deque, the pool
 * Outcrop used before; {@code bounded} Jackson's bounded pool. Run with
 * {@code scripts/bench jmh JsonBufferPoolBenchmarks}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class JsonBufferPoolBenchmarks {
    private static final byte[] CHUNK = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"bench\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Inference profiles\"},"
            + "\"finish_reason\":null}]}").getBytes(StandardCharsets.UTF_8);

    @Param({"outcrop", "deque", "bounded"})
    public String pool;

    private JsonFactory factory;

    @Setup
    public void setUp() {
        factory = switch (pool) {
            case "outcrop" -> JsonMappers.factory();
            case "deque" -> JsonFactory.builder().recyclerPool(JsonRecyclerPools.newConcurrentDequePool()).build();
            case "bounded" -> JsonFactory.builder().recyclerPool(JsonRecyclerPools.newBoundedPool(64)).build();
            default -> throw new IllegalArgumentException(pool);
        };
    }

    /** Reads every token of one stream chunk. */
    @Benchmark
    public int parseChunk() throws IOException {
        int tokens = 0;
        try (JsonParser parser = factory.createParser(CHUNK)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                tokens++;
            }
        }
        return tokens;
    }

    /** Writes a small object. */
    @Benchmark
    public int writeSmall() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator generator = factory.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("model", "bench");
            generator.writeBooleanField("stream", true);
            generator.writeNumberField("max_tokens", 512);
            generator.writeEndObject();
        }
        return out.size();
    }
}
