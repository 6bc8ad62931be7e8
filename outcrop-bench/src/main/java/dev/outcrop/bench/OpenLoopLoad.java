package dev.outcrop.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator: requests leave at a fixed rate whatever the answers do, and each latency
 * is measured from the moment its request was due, so a stall shows in the percentiles instead of slowing
 * the load (no coordinated omission). Bounded in count and time; loopback only.
 */
final class OpenLoopLoad {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Sends {@code rate} requests a second for {@code duration}, each built by {@code request}. */
    LatencyRecorder run(int rate, Duration duration, java.util.function.IntFunction<HttpRequest> request)
            throws InterruptedException {
        return run(rate, duration, request, false);
    }

    /**
     * As {@link #run(int, Duration, java.util.function.IntFunction)}; with {@code firstByte}, the latency is
     * to the first byte of the body (a stream's first event), and the rest of the body is read after.
     */
    LatencyRecorder run(int rate, Duration duration, java.util.function.IntFunction<HttpRequest> request,
                        boolean firstByte) throws InterruptedException {
        return runBeside(rate, duration, List.of(request), firstByte).getFirst();
    }

    /**
     * Sends {@code rate} requests a second to each of several targets at once, their requests interleaved: the
     * k-th of n targets' requests are due {@code k/n} of an interval after the first's. Each target's latency
     * then holds the same moments of the machine (a stall of the host, the collector of this generator), so the
     * difference of two targets' percentiles is their own, where two phases run one after the other each hold
     * moments of their own. One recorder a target, in the order given.
     */
    List<LatencyRecorder> runBeside(int rate, Duration duration, List<java.util.function.IntFunction<HttpRequest>> requests)
            throws InterruptedException {
        return runBeside(rate, duration, requests, false);
    }

    private List<LatencyRecorder> runBeside(int rate, Duration duration,
                                            List<java.util.function.IntFunction<HttpRequest>> requests, boolean firstByte)
            throws InterruptedException {
        List<LatencyRecorder> recorders = requests.stream().map(r -> new LatencyRecorder()).toList();
        long interval = 1_000_000_000L / rate;
        int total = (int) (duration.toNanos() / interval);
        int targets = requests.size();
        long start = System.nanoTime() + 50_000_000L;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                for (int k = 0; k < targets; k++) {
                    long due = start + i * interval + k * interval / targets;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    HttpRequest next = requests.get(k).apply(i);
                    LatencyRecorder recorder = recorders.get(k);
                    pool.execute(() -> send(next, due, firstByte, recorder));
                }
            }
            pool.shutdown();
            pool.awaitTermination(2, TimeUnit.MINUTES);
        }
        return recorders;
    }

    /** Sends one request and records its latency from {@code due}, or an error. */
    private void send(HttpRequest request, long due, boolean firstByte, LatencyRecorder recorder) {
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = response.body()) {
                if (firstByte && body.read() < 0 || response.statusCode() != 200) {
                    recorder.error();
                    body.readAllBytes();
                    return;
                }
                if (firstByte) {
                    recorder.record(System.nanoTime() - due);
                }
                body.readAllBytes();
                if (!firstByte) {
                    recorder.record(System.nanoTime() - due);
                }
            }
        } catch (Exception e) {
            recorder.error();
        }
    }

    /** A Converse request through {@code modelId}, signed for nothing (no authentication configured). */
    static HttpRequest converse(URI endpoint, String modelId, String credentialRegion, int n) {
        String path = BenchOutcrop.modelPath(modelId, "converse");
        String body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"request " + n
                + "\"}]}],\"inferenceConfig\":{\"maxTokens\":20}}";
        return HttpRequest.newBuilder(endpoint.resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDBENCH/20261122/" + credentialRegion
                        + "/bedrock/aws4_request, SignedHeaders=host, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
