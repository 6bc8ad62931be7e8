package dev.outcrop.util;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StripedBufferPoolTest {
    private final StripedBufferPool pool = new StripedBufferPool();

    @Test
    void aBufferGivenBackIsTakenAgainByTheSameThread() {
        BufferRecycler first = pool.acquireAndLinkPooled();
        first.releaseToPool();
        assertThat(pool.pooledCount()).isEqualTo(1);
        assertThat(pool.acquireAndLinkPooled()).isSameAs(first);
        assertThat(pool.pooledCount()).isZero();
    }

    @Test
    void buffersInUseAtTheSameTimeAreDistinct() {
        BufferRecycler outer = pool.acquireAndLinkPooled();
        BufferRecycler inner = pool.acquireAndLinkPooled();
        assertThat(inner).isNotSameAs(outer);
        inner.releaseToPool();
        outer.releaseToPool();
        assertThat(pool.pooledCount()).isEqualTo(2);
    }

    @Test
    void thePoolHoldsAtMostItsSlotsHoweverManyBuffersComeBack() {
        List<BufferRecycler> taken = new ArrayList<>();
        for (int i = 0; i < StripedBufferPool.SLOTS * 3; i++) {
            taken.add(pool.acquireAndLinkPooled());
        }
        taken.forEach(BufferRecycler::releaseToPool);
        assertThat(pool.pooledCount()).isBetween(1, StripedBufferPool.SLOTS);
        assertThat(pool.clear()).isTrue();
        assertThat(pool.pooledCount()).isZero();
    }

    @Test
    void manyVirtualThreadsParseAndWriteThroughTheSharedPool() throws Exception {
        ObjectMapper json = JsonMappers.mapper();
        byte[] chunk = "{\"choices\":[{\"delta\":{\"content\":\"hello\"}}],\"n\":42}".getBytes(StandardCharsets.UTF_8);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = new ArrayList<>();
            for (int task = 0; task < 2_000; task++) {
                int number = task;
                results.add(threads.submit(() -> {
                    int tokens = 0;
                    try (JsonParser parser = json.getFactory().createParser(chunk)) {
                        while (parser.nextToken() != null) {
                            tokens++;
                        }
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try (JsonGenerator generator = json.getFactory().createGenerator(out)) {
                        generator.writeObject(Map.of("task", number, "tokens", tokens));
                    }
                    return out.toString(StandardCharsets.UTF_8);
                }));
            }
            for (int task = 0; task < results.size(); task++) {
                assertThat(json.readTree(results.get(task).get()))
                        .isEqualTo(json.readTree("{\"task\":" + task + ",\"tokens\":14}"));
            }
        }
        assertThat(json.getFactory()._getRecyclerPool().pooledCount()).isBetween(1, StripedBufferPool.SLOTS);
    }
}
