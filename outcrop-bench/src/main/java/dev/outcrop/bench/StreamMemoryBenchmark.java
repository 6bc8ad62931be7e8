package dev.outcrop.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resident memory of one Outcrop process holding many streams open at once. Outcrop is started the way
 * the README says ({@code ./outcrop serve}, with its launcher's JVM settings) with everything on (SigV4,
 * an application profile over a cross-region profile, quota, budget, ledger, metrics), in front of either
 * the fake OpenAI-compatible backend holding each stream open ({@code openai}) or the built-in simulator
 * answering one token a second ({@code simulator}). The streams are ConverseStream calls signed with SigV4
 * and opened over HTTP/2 on four connections ({@link H2StreamClient}): the machine's limit of 20,000 open
 * files per process would not hold 10,000 client connections and 10,000 upstream connections in Outcrop. Once every stream has its first event, the streams stay open
 * while Outcrop's resident set size ({@code VmRSS}) is sampled; then each must end with its metadata event.
 *
 * <p>Usage: {@code StreamMemoryBenchmark LAUNCHER [streams] [hold-seconds] [openai|simulator]} (see
 * scripts/bench streams).
 */
public final class StreamMemoryBenchmark {
    private static final int BACKEND = 19010;
    private static final int OUTCROP = 19011;

    private StreamMemoryBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args[0]);
        int streams = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int hold = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        boolean simulator = args.length > 3 && args[3].equals("simulator");
        Path work = Files.createTempDirectory("outcrop-streams");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> processes = new ArrayList<>();
        try {
            if (!simulator) {
                processes.add(BenchOutcrop.start(work, "backend", java, "-cp", System.getProperty("java.class.path"),
                        FakeModelBackend.class.getName(), Integer.toString(BACKEND), "--hold", Integer.toString(hold)));
            }
            Path config = work.resolve("outcrop.yaml");
            // Thousands of streams on each of the four connections: far above the default cap of 128.
            Files.writeString(config, BenchOutcrop.config(OUTCROP, "{maxConcurrentStreams: " + streams + "}", simulator
                    ? "simulator: {enabled: true, timeToFirstTokenMs: 10, tokensPerSecond: 1}\n"
                    : BenchOutcrop.openAiBackend(BACKEND), "disk"));
            Process outcrop = BenchOutcrop.start(work, "outcrop", launcher.toString(), "serve", "--config", config.toString(),
                    "--data-dir", work.resolve("outcrop-data").toString());
            processes.add(outcrop);
            BenchOutcrop.awaitPort(OUTCROP);
            if (!simulator) {
                BenchOutcrop.awaitPort(BACKEND);
            }
            String profileArn = BenchOutcrop.createProfile(OUTCROP);
            int maxTokens = simulator ? hold : 16;
            String path = BenchOutcrop.modelPath(profileArn, "converse-stream");
            byte[] body = ("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],"
                    + "\"inferenceConfig\":{\"maxTokens\":" + maxTokens + "}}").getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = BenchOutcrop.sign(OUTCROP, "POST", path,
                    new String(body, StandardCharsets.UTF_8));
            try (H2StreamClient client = new H2StreamClient("127.0.0.1", OUTCROP, 4)) {
                Round warm = open(client, path, headers, body, 200);
                warm.done.join();
                long baseline = BenchOutcrop.rssKib(outcrop.pid());
                long started = System.nanoTime();
                Round round = open(client, path, headers, body, streams);
                AtomicLong peak = new AtomicLong(baseline);
                while (!round.firstEvents.isDone()) {
                    peak.accumulateAndGet(BenchOutcrop.rssKib(outcrop.pid()), Math::max);
                    Thread.sleep(200);
                }
                double openSeconds = (System.nanoTime() - started) / 1e9;
                int openAtOnce = round.openNow();
                long allOpen = BenchOutcrop.rssKib(outcrop.pid());
                peak.accumulateAndGet(allOpen, Math::max);
                while (!round.done.isDone()) {
                    peak.accumulateAndGet(BenchOutcrop.rssKib(outcrop.pid()), Math::max);
                    Thread.sleep(200);
                }
                report(streams, openAtOnce, simulator, hold, baseline, allOpen, peak.get(), openSeconds, round);
            }
        } finally {
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                p.waitFor();
            }
        }
    }

    /** Streams opened together: when all have their first event, when all have ended, and how. */
    private record Round(List<H2StreamClient.Call> calls, CompletableFuture<Void> firstEvents,
                         CompletableFuture<Void> done) {
        int openNow() {
            return (int) calls.stream().filter(c -> !c.done.isDone()).count();
        }

        long completed() {
            return calls.stream().filter(c -> c.done.getNow(false)).count();
        }
    }

    private static Round open(H2StreamClient client, String path, Map<String, String> headers, byte[] body, int count) {
        List<H2StreamClient.Call> calls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            calls.add(client.post("127.0.0.1:" + OUTCROP, path, headers, body));
        }
        return new Round(calls, CompletableFuture.allOf(calls.stream().map(c -> c.firstEvent)
                .toArray(CompletableFuture[]::new)), CompletableFuture.allOf(calls.stream().map(c -> c.done)
                .toArray(CompletableFuture[]::new)));
    }

    private static void report(int streams, int openAtOnce, boolean simulator, int hold, long baseline, long allOpen, long peak,
                               double openSeconds, Round round) {
        System.out.printf(Locale.ROOT, "Run of %s on %d cores; Outcrop via its launcher, everything on; backend: %s; "
                + "streams held open %d s.%n%n", LocalDate.now(), Runtime.getRuntime().availableProcessors(),
                simulator ? "built-in simulator (1 token/s)" : "fake OpenAI-compatible server", hold);
        System.out.println("| streams | open at once | RSS before (MiB) | RSS with all open (MiB) | peak RSS (MiB) "
                + "| per stream (KiB) | all opened in (s) | completed | failed |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        System.out.printf(Locale.ROOT, "| %,d | %,d | %.0f | %.0f | %.0f | %.1f | %.1f | %,d | %,d |%n", streams, openAtOnce,
                baseline / 1024.0, allOpen / 1024.0, peak / 1024.0, (double) (allOpen - baseline) / streams,
                openSeconds, round.completed(), streams - round.completed());
        round.calls.stream().map(c -> c.failure).filter(java.util.Objects::nonNull).distinct().limit(5)
                .forEach(failure -> System.out.println("failure: " + failure));
    }
}
