package dev.outcrop.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Outcrop under abuse while a signed client keeps calling: unsigned uploads that never finish, uploads with a
 * signature that can only be checked once their body is whole (which never comes), request heads sent a byte at a
 * time, oversized heads, and HTTP/2 connections filled with idle streams. The signed client calls Converse over
 * HTTP/1.1 and ConverseStream over HTTP/2, one call after the other, for the whole run; its errors (any answer but
 * a complete 200) must be 0. Outcrop's resident set ({@code VmRSS}) is sampled throughout.
 *
 * <p>Usage: {@code AbuseLoadBenchmark LAUNCHER [seconds] [attackers]} (see scripts/bench abuse); the launcher's JVM
 * takes {@code OUTCROP_JAVA_OPTS} (e.g. {@code -Xmx384m}, the heap the attack exhausted).
 */
public final class AbuseLoadBenchmark {
    private static final int OUTCROP = 19021;
    private static final int FORGED_BODY_START = 2 * 1024 * 1024;
    private static final int STREAMS_TRIED_PER_CONNECTION = 1000;

    private AbuseLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int attackers = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Path work = Files.createTempDirectory("outcrop-abuse");
        Path config = work.resolve("outcrop.yaml");
        Files.writeString(config, BenchOutcrop.config(OUTCROP,
                "simulator: {enabled: true, timeToFirstTokenMs: 0, tokensPerSecond: 0}\n", "os"));
        Process outcrop = BenchOutcrop.start(work, "outcrop", launcher.toString(), "serve", "--config", config.toString(),
                "--data-dir", work.resolve("outcrop-data").toString());
        try {
            BenchOutcrop.awaitPort(OUTCROP);
            new AbuseLoadBenchmark.Run(outcrop.pid(), seconds, attackers).run();
        } finally {
            outcrop.destroy();
            outcrop.waitFor();
        }
        System.exit(0); // attackers still blocked on their sockets are not waited for
    }

    /** One run: the attackers, the signed client and the samples of the resident set. */
    private static final class Run {
        private final long pid;
        private final int seconds;
        private final int attackers;
        private final long endNanos;
        private final String conversePath = BenchOutcrop.modelPath("us." + BenchOutcrop.HAIKU, "converse");
        private final String streamPath = BenchOutcrop.modelPath("us." + BenchOutcrop.HAIKU, "converse-stream");
        /** What the attackers got back, by attack and answer ("403", "503", "closed", ...). */
        private final Map<String, Map<String, LongAdder>> outcomes = new ConcurrentHashMap<>();

        Run(long pid, int seconds, int attackers) {
            this.pid = pid;
            this.seconds = seconds;
            this.attackers = attackers;
            this.endNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        }

        void run() throws Exception {
            warmUp();
            long baseline = BenchOutcrop.rssKib(pid);
            LatencyRecorder http1 = new LatencyRecorder();
            LatencyRecorder http2 = new LatencyRecorder();
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            AtomicLong peak = new AtomicLong(baseline);
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
                 H2StreamClient idle = new H2StreamClient("127.0.0.1", OUTCROP, 4);
                 H2StreamClient signed = new H2StreamClient("127.0.0.1", OUTCROP, 1)) {
                for (int i = 0; i < attackers; i++) {
                    threads.submit(() -> repeat("unsigned upload", this::unsignedUpload));
                    threads.submit(() -> repeat("forged upload", this::forgedUpload));
                    threads.submit(() -> repeat("slow head", this::slowHead));
                    threads.submit(() -> repeat("oversized head", this::oversizedHead));
                }
                threads.submit(() -> idleStreams(idle));
                threads.submit(() -> signedHttp1(http1, failures));
                threads.submit(() -> signedHttp2(signed, http2, failures));
                while (System.nanoTime() < endNanos) {
                    peak.accumulateAndGet(BenchOutcrop.rssKib(pid), Math::max);
                    Thread.sleep(250);
                }
                long atEnd = BenchOutcrop.rssKib(pid);
                report(baseline, peak.get(), atEnd, http1, http2, failures);
                threads.shutdownNow();
                threads.awaitTermination(5, TimeUnit.SECONDS);
            }
        }

        /** A few signed calls first, so that the baseline is a warm server's. */
        private void warmUp() throws Exception {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 20; i++) {
                client.send(BenchOutcrop.build("http://127.0.0.1:" + OUTCROP + conversePath,
                        BenchOutcrop.sign(OUTCROP, "POST", conversePath, BenchOutcrop.CONVERSE_BODY),
                        BenchOutcrop.CONVERSE_BODY), HttpResponse.BodyHandlers.ofString());
            }
        }

        private interface Attack {
            String once() throws Exception;
        }

        private void repeat(String name, Attack attack) {
            while (System.nanoTime() < endNanos && !Thread.currentThread().isInterrupted()) {
                String outcome;
                try {
                    outcome = attack.once();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    outcome = e.getClass().getSimpleName();
                }
                count(name, outcome);
            }
        }

        private void count(String attack, String outcome) {
            outcomes.computeIfAbsent(attack, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(outcome, k -> new LongAdder()).increment();
        }

        /** A 20 MB upload without credentials: 64 KiB of it, then the answer, then a pause. */
        private String unsignedUpload() throws Exception {
            try (Socket socket = connect()) {
                write(socket, uploadHead(Map.of()) + "x".repeat(64 * 1024));
                String status = status(socket.getInputStream());
                Thread.sleep(100);
                return status;
            }
        }

        /**
         * A 20 MB upload with a signature that verifies only once the body is whole: 2 MiB of it, then a byte every
         * half second, until the server answers (evicted: 503; too slow: 408) or the run ends.
         */
        private String forgedUpload() throws Exception {
            try (Socket socket = connect()) {
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                try {
                    out.write(uploadHead(forgedSignature()).getBytes(StandardCharsets.ISO_8859_1));
                    out.write(new byte[FORGED_BODY_START]);
                    while (System.nanoTime() < endNanos && in.available() == 0) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(500);
                    }
                } catch (IOException closedOnUs) {
                    // the server answered and closed while the body was being sent
                }
                String status = System.nanoTime() < endNanos ? status(in) : "held to the end";
                Thread.sleep(100);
                return status;
            }
        }

        /** A request head sent a byte every half second, until the server cuts it off. */
        private String slowHead() throws Exception {
            try (Socket socket = connect()) {
                OutputStream out = socket.getOutputStream();
                byte[] head = "GET /_outcrop/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: ".getBytes(StandardCharsets.US_ASCII);
                try {
                    for (int i = 0; System.nanoTime() < endNanos && socket.getInputStream().available() == 0; i++) {
                        out.write(head[Math.min(i, head.length - 1)]);
                        out.flush();
                        Thread.sleep(500);
                    }
                } catch (IOException closedOnUs) {
                    // answered and closed
                }
                return System.nanoTime() < endNanos ? status(socket.getInputStream()) : "held to the end";
            }
        }

        /** A request head of 100 KB, then a pause. */
        private String oversizedHead() throws Exception {
            try (Socket socket = connect()) {
                write(socket, "GET /_outcrop/health HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "p".repeat(100_000)
                        + "\r\n\r\n");
                String status = status(socket.getInputStream());
                Thread.sleep(100);
                return status;
            }
        }

        /** Tries to open {@link #STREAMS_TRIED_PER_CONNECTION} idle streams on each of four connections. */
        private void idleStreams(H2StreamClient client) {
            Map<String, String> headers = new java.util.LinkedHashMap<>(forgedSignature());
            headers.put("content-type", "application/json");
            headers.put("content-length", "20000000");
            List<H2StreamClient.Call> calls = new ArrayList<>();
            for (int i = 0; i < 4 * STREAMS_TRIED_PER_CONNECTION; i++) {
                calls.add(client.post("127.0.0.1:" + OUTCROP, conversePath, headers, new byte[1024], false));
            }
            try {
                Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()) - 1000));
            } catch (InterruptedException e) {
                return;
            }
            for (H2StreamClient.Call call : calls) {
                count("idle HTTP/2 stream", call.done.isDone()
                        ? call.failure != null && call.failure.contains("Maximum active streams") ? "not opened (cap)"
                                : "ended: " + call.status + " " + call.failure
                        : "held open");
            }
        }

        private void signedHttp1(LatencyRecorder latency, List<String> failures) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            while (System.nanoTime() < endNanos) {
                long started = System.nanoTime();
                try {
                    HttpResponse<String> answer = client.send(BenchOutcrop.build("http://127.0.0.1:" + OUTCROP + conversePath,
                            BenchOutcrop.sign(OUTCROP, "POST", conversePath, BenchOutcrop.CONVERSE_BODY),
                            BenchOutcrop.CONVERSE_BODY), HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        latency.record(System.nanoTime() - started);
                    } else {
                        latency.error();
                        failures.add("HTTP/1.1 " + answer.statusCode() + " " + answer.body());
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    latency.error();
                    failures.add("HTTP/1.1 " + e);
                }
            }
        }

        private void signedHttp2(H2StreamClient client, LatencyRecorder latency, List<String> failures) {
            byte[] body = BenchOutcrop.CONVERSE_BODY.getBytes(StandardCharsets.UTF_8);
            while (System.nanoTime() < endNanos) {
                long started = System.nanoTime();
                try {
                    H2StreamClient.Call call = client.post("127.0.0.1:" + OUTCROP, streamPath,
                            BenchOutcrop.sign(OUTCROP, "POST", streamPath, BenchOutcrop.CONVERSE_BODY), body);
                    if (call.done.get(60, TimeUnit.SECONDS)) {
                        latency.record(System.nanoTime() - started);
                    } else {
                        latency.error();
                        failures.add("HTTP/2 " + call.failure);
                    }
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    latency.error();
                    failures.add("HTTP/2 " + e);
                }
            }
        }

        private String uploadHead(Map<String, String> headers) {
            StringBuilder head = new StringBuilder("POST " + conversePath + " HTTP/1.1\r\nHost: 127.0.0.1:" + OUTCROP
                    + "\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            return head.append("\r\n").toString();
        }

        private void report(long baseline, long peak, long atEnd, LatencyRecorder http1, LatencyRecorder http2,
                            List<String> failures) {
            System.out.printf(Locale.ROOT, "Run of %s on %d cores, %d s, %d attackers of each kind; Outcrop via its "
                    + "launcher (OUTCROP_JAVA_OPTS=%s), the simulator answering at once.%n%n", LocalDate.now(),
                    Runtime.getRuntime().availableProcessors(), seconds, attackers,
                    System.getenv().getOrDefault("OUTCROP_JAVA_OPTS", ""));
            System.out.println("| signed client | calls | errors | p50 (ms) | p99 (ms) |");
            System.out.println("| --- | ---: | ---: | ---: | ---: |");
            for (var row : List.of(Map.entry("Converse, HTTP/1.1", http1), Map.entry("ConverseStream, HTTP/2", http2))) {
                LatencyRecorder r = row.getValue();
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f |%n", row.getKey(), r.count(), r.errors(),
                        r.percentileMillis(50), r.percentileMillis(99));
            }
            System.out.printf(Locale.ROOT, "%n| Outcrop RSS (MiB) | before | peak | at the end |%n| --- | ---: | ---: | ---: |%n"
                    + "| | %d | %d | %d |%n%n", baseline / 1024, peak / 1024, atEnd / 1024);
            System.out.println("| attack | answers |");
            System.out.println("| --- | --- |");
            new TreeMap<>(outcomes).forEach((attack, answers) -> {
                StringBuilder cell = new StringBuilder();
                new TreeMap<>(answers).forEach((answer, count) -> cell.append(cell.isEmpty() ? "" : ", ")
                        .append(answer).append(": ").append(count.sum()));
                System.out.println("| " + attack + " | " + cell + " |");
            });
            failures.stream().limit(10).forEach(f -> System.out.println("failure: " + f));
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", OUTCROP);
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** The status code of the answer on {@code in}, or what happened instead. */
    private static String status(InputStream in) {
        try {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            String[] parts = line.toString().split(" ");
            return parts.length > 1 ? parts[1] : "closed without an answer";
        } catch (IOException e) {
            return "reset";
        }
    }

    /** A SigV4 header of the bench's key, dated now, whose signature (over the body's hash) is wrong. */
    private static Map<String, String> forgedSignature() {
        String amzDate = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        return Map.of("X-Amz-Date", amzDate, "Authorization", "AWS4-HMAC-SHA256 Credential=" + BenchOutcrop.KEY + "/"
                + amzDate.substring(0, 8) + "/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                + "0".repeat(64));
    }
}
