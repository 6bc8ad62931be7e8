package dev.outcrop.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Outcrop against its peers, in one run, on one machine, against one fake backend: the backend directly
 * (the floor), nginx as a plain reverse proxy, the Portkey gateway, and Outcrop with everything on, twice:
 * usage records synced to disk before each answer (the default) and only written to the OS; and two reference
 * points that are not gateways: Outcrop's transport alone, a virtual thread a call ({@link PassThroughProxy}),
 * and Netty answering on its event loops ({@link EventLoopProxy}). Each
 * runs in its own process. Each target in turn gets the same warm-up at full load, then an open-loop generator
 * measures its latency at 500 and 2,000 requests/s and its streams' first events. Then come rounds, every target
 * once a round, the order turned by one each round: {@code wrk} measures its maximum throughput, then the
 * open-loop generator its latency at {@link #TARGET_RATE}, with the floor measured beside it at the same rate
 * (the two targets' requests interleaved, {@link OpenLoopLoad#runBeside}). The machine's speed drifts by tens of
 * per cent within minutes, and a ratio or a difference of two measurements taken side by side is far steadier
 * than one of two taken minutes apart. A target's throughput is the median of its rounds, its ratio to the floor
 * or to nginx the median of the ratios within each round, and its added p99 the median over rounds of its p99
 * less the p99 of the floor measured beside it. Writes the tables to standard output and the
 * chart to {@code bench-results/}.
 *
 * <p>With {@code --postgres URL}, a second Outcrop runs as a cluster node on that PostgreSQL: the same quota
 * and budget, counted in the database, and its usage records spooled and forwarded.
 *
 * <p>Outcrop runs through its launcher, as the README starts it ({@code OUTCROP_JAVA_OPTS} applies).
 *
 * <p>Usage: {@code GatewayComparison LAUNCHER PORTKEY_DIR [seconds] [--rounds N] [--postgres URL]} (see scripts/bench
 * gateways); 3 rounds unless told.
 */
public final class GatewayComparison {
    private static final int BACKEND = 19000;
    private static final int NGINX = 19001;
    private static final int PORTKEY = 19002;
    private static final int OUTCROP = 19003;
    private static final int OUTCROP_POSTGRES = 19004;
    private static final int OUTCROP_OS_DURABILITY = 19005;
    private static final int PASS_THROUGH = 19006;
    private static final int EVENT_LOOP_PROXY = 19007;
    private static final Duration WARM_UP = Duration.ofSeconds(60);
    /** The rate of the latency target, measured in every round beside the throughput. */
    static final int TARGET_RATE = 1000;
    /** Full load just before each throughput measurement: pooled connections idle for minutes are made again here. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    private GatewayComparison() {}

    /** A target; an Outcrop has its own stream URL (ConverseStream) and is called with requests signed when used. */
    record Target(String name, String url, Map<String, String> headers, String body, String streamUrl, String streamBody) {
        boolean outcrop() {
            return streamUrl != null;
        }
    }

    public static void main(String[] args) throws Exception {
        String launcher = Path.of(args[0]).toString();
        Path portkeyDir = Path.of(args[1]);
        Duration phase = Duration.ofSeconds(args.length > 2 ? Integer.parseInt(args[2]) : 10);
        String postgres = null;
        int rounds = 3;
        for (int i = 3; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--postgres" -> postgres = args[i + 1];
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path work = Files.createTempDirectory("outcrop-gateways");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Stopped with the run, also when the run itself is stopped (a signal skips the finally below).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.forEach(Process::destroy)));
        try {
            processes.add(BenchOutcrop.start(work, "backend", java, "-cp", System.getProperty("java.class.path"),
                    FakeModelBackend.class.getName(), Integer.toString(BACKEND)));
            Path nginxConf = work.resolve("nginx.conf");
            Files.createDirectories(work.resolve("nginx/logs"));
            Files.writeString(nginxConf, """
                    worker_processes auto;
                    error_log %1$s/nginx/error.log warn;
                    pid %1$s/nginx/nginx.pid;
                    events { worker_connections 4096; }
                    http {
                      access_log off;
                      upstream backend { server 127.0.0.1:%2$d; keepalive 128; }
                      server {
                        listen 127.0.0.1:%3$d;
                        location / {
                          proxy_pass http://backend;
                          proxy_http_version 1.1;
                          proxy_set_header Connection "";
                          proxy_buffering off;
                        }
                      }
                    }
                    """.formatted(work, BACKEND, NGINX));
            processes.add(BenchOutcrop.start(work, "nginx", "nginx", "-c", nginxConf.toString(), "-p",
                    work.resolve("nginx").toString(), "-g", "daemon off;"));
            processes.add(BenchOutcrop.start(work, "portkey", "node",
                    portkeyDir.resolve("node_modules/@portkey-ai/gateway/build/start-server.js").toString(),
                    "--port=" + PORTKEY, "--headless"));
            Path config = Files.writeString(work.resolve("outcrop.yaml"),
                    BenchOutcrop.config(OUTCROP, BenchOutcrop.openAiBackend(BACKEND), "disk"));
            processes.add(BenchOutcrop.start(work, "outcrop", launcher, "serve", "--config", config.toString(), "--data-dir",
                    work.resolve("outcrop-data").toString()));
            // The same with usage records written to the operating system before each answer, not synced to disk.
            Path osConfig = Files.writeString(work.resolve("outcrop-os.yaml"),
                    BenchOutcrop.config(OUTCROP_OS_DURABILITY, BenchOutcrop.openAiBackend(BACKEND), "os"));
            processes.add(BenchOutcrop.start(work, "outcrop-os", launcher, "serve", "--config", osConfig.toString(), "--data-dir",
                    work.resolve("outcrop-os-data").toString()));
            if (postgres != null) {
                processes.add(BenchOutcrop.start(work, "outcrop-postgres", launcher, "serve", "--config", config.toString(), "--port",
                        Integer.toString(OUTCROP_POSTGRES), "--store", postgres, "--data-dir",
                        work.resolve("outcrop-node").toString()));
                BenchOutcrop.awaitPort(OUTCROP_POSTGRES);
            }
            // Reference points, not gateways: what the transport costs before Outcrop does anything with a call.
            processes.add(startReference(work, java, PassThroughProxy.class, PASS_THROUGH));
            processes.add(startReference(work, java, EventLoopProxy.class, EVENT_LOOP_PROXY));
            BenchOutcrop.awaitPort(BACKEND);
            BenchOutcrop.awaitPort(NGINX);
            BenchOutcrop.awaitPort(PASS_THROUGH);
            BenchOutcrop.awaitPort(EVENT_LOOP_PROXY);
            BenchOutcrop.awaitPort(PORTKEY);
            BenchOutcrop.awaitPort(OUTCROP);
            BenchOutcrop.awaitPort(OUTCROP_OS_DURABILITY);
            Map<String, String> portkeyHeaders = Map.of("content-type", "application/json", "x-portkey-provider", "openai",
                    "x-portkey-custom-host", "http://127.0.0.1:" + BACKEND + "/v1", "authorization", "Bearer bench");
            String plain = BenchOutcrop.CHAT_BODY;
            String streaming = BenchOutcrop.chatBody(true);
            List<Target> targets = new ArrayList<>(List.of(
                    new Target("backend (floor)", BenchOutcrop.chatCompletionsUrl(BACKEND),
                            Map.of("content-type", "application/json"), plain, null, streaming),
                    new Target("nginx", BenchOutcrop.chatCompletionsUrl(NGINX),
                            Map.of("content-type", "application/json"), plain, null, streaming),
                    new Target("Portkey gateway", BenchOutcrop.chatCompletionsUrl(PORTKEY), portkeyHeaders,
                            plain, null, streaming),
                    outcropTarget("Outcrop (everything on)", OUTCROP),
                    outcropTarget("Outcrop (everything on, usage.durability: os)", OUTCROP_OS_DURABILITY),
                    referenceTarget("reference: Outcrop's transport alone (no features)", PASS_THROUGH, streaming),
                    referenceTarget("reference: Netty on its event loops (no features)", EVENT_LOOP_PROXY, streaming)));
            if (postgres != null) {
                targets.add(outcropTarget("Outcrop on PostgreSQL (everything on)", OUTCROP_POSTGRES));
            }

            OpenLoopLoad load = new OpenLoopLoad();
            List<GatewayReport.Latency> latencies = new ArrayList<>();
            for (Target target : targets) {
                latencies.add(latency(target, load, work, phase));
                System.err.println("measured the latency of " + target.name());
            }
            double[][] rps = new double[targets.size()][rounds];
            double[][][] atRate = new double[targets.size()][rounds][];
            double[][] floorBeside = new double[targets.size()][rounds];
            long[] errors = new long[targets.size()];
            Target floor = targets.getFirst();
            IntFunction<HttpRequest> floorRequest = n -> BenchOutcrop.build(floor.url(), floor.headers(), floor.body());
            for (int round = 0; round < rounds; round++) {
                for (int turn = 0; turn < targets.size(); turn++) {
                    int t = (turn + round) % targets.size();
                    Target target = targets.get(t);
                    // Signed as its turn comes: a SigV4 signature is valid for 15 minutes.
                    Map<String, String> headers = headersFor(target);
                    wrk(target.url(), headers, target.body(), work, SETTLE);
                    double[] wrk = wrk(target.url(), headers, target.body(), work, phase);
                    rps[t][round] = wrk[0];
                    errors[t] += (long) wrk[1];
                    // The floor at the same rate beside it, the requests interleaved: its p99 is this round's floor.
                    // The floor itself is measured beside a second floor, so that its row shows what two identical
                    // targets differ by in this run: the measurement's own noise.
                    IntFunction<HttpRequest> request = n -> BenchOutcrop.build(target.url(), headers, target.body());
                    List<LatencyRecorder> beside = load.runBeside(TARGET_RATE, phase, List.of(floorRequest, request));
                    atRate[t][round] = cell(beside.get(1));
                    floorBeside[t][round] = beside.get(0).percentileMillis(99);
                }
                System.err.println("round " + (round + 1) + " of " + rounds + " done");
            }
            List<GatewayReport.Result> results = new ArrayList<>();
            for (int t = 0; t < targets.size(); t++) {
                results.add(new GatewayReport.Result(targets.get(t).name(), rps[t], errors[t], atRate[t], floorBeside[t],
                        latencies.get(t)));
            }
            GatewayReport.print(results, phase);
        } finally {
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                p.waitFor();
            }
        }
    }

    /**
     * Warms a target at full load (a JIT, the JVM's or V8's, reaches its steady state only after tens of
     * thousands of calls, and a gateway is judged warm), then measures its latency at fixed rates and its
     * streams' first events.
     */
    private static GatewayReport.Latency latency(Target target, OpenLoopLoad load, Path work, Duration phase) throws Exception {
        Map<String, String> headers = headersFor(target);
        String streamUrl = target.outcrop() ? target.streamUrl() : target.url();
        Map<String, String> streamHeaders = target.outcrop() ? signFor(streamUrl, target.streamBody()) : headers;
        IntFunction<HttpRequest> request = n -> BenchOutcrop.build(target.url(), headers, target.body());
        wrk(target.url(), headers, target.body(), work, WARM_UP);
        load.run(1000, Duration.ofSeconds(5), request);
        Map<Integer, double[]> rates = new LinkedHashMap<>();
        for (int rate : new int[] {500, 2000}) { // the target rate is measured in the rounds
            rates.put(rate, cell(load.run(rate, phase, request)));
        }
        LatencyRecorder first = load.run(500, phase, n -> BenchOutcrop.build(streamUrl, streamHeaders, target.streamBody()), true);
        return new GatewayReport.Latency(rates, new double[] {first.percentileMillis(50), first.percentileMillis(99), first.errors()});
    }

    private static double[] cell(LatencyRecorder r) {
        return new double[] {r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(99.9), r.errors()};
    }

    /** A target's request headers: an Outcrop's signed now (valid for 15 minutes), the others' as they are. */
    private static Map<String, String> headersFor(Target target) {
        return target.outcrop() ? signFor(target.url(), target.body()) : target.headers();
    }

    /** A reference proxy ({@code main(PORT, BACKEND_URL)} of the bench's classes) in front of the backend. */
    private static Process startReference(Path work, String java, Class<?> proxy, int port) throws IOException {
        return BenchOutcrop.start(work, proxy.getSimpleName(), java, "--enable-native-access=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dio.netty.leakDetection.level=disabled", "-cp", System.getProperty("java.class.path"), proxy.getName(),
                Integer.toString(port), BenchOutcrop.chatCompletionsUrl(BACKEND));
    }

    /** A reference proxy on {@code port}, called with the backend's own requests. */
    private static Target referenceTarget(String name, int port, String streaming) {
        return new Target(name, BenchOutcrop.chatCompletionsUrl(port),
                Map.of("content-type", "application/json"), BenchOutcrop.CHAT_BODY, null, streaming);
    }

    /** An Outcrop listening on {@code port}, called through a new application profile (signed when measured). */
    private static Target outcropTarget(String name, int port) throws Exception {
        String arn = BenchOutcrop.createProfile(port);
        String path = BenchOutcrop.modelPath(arn, "converse");
        return new Target(name, "http://127.0.0.1:" + port + path, Map.of(), BenchOutcrop.CONVERSE_BODY,
                "http://127.0.0.1:" + port + BenchOutcrop.modelPath(arn, "converse-stream"), BenchOutcrop.CONVERSE_BODY);
    }

    private static Map<String, String> signFor(String url, String body) {
        URI uri = URI.create(url);
        return BenchOutcrop.sign(uri.getPort(), "POST", uri.getRawPath(), body);
    }

    /** Maximum throughput with wrk (2 threads, 64 connections): requests/s and non-2xx responses. */
    static double[] wrk(String url, Map<String, String> headers, String body, Path work, Duration phase)
            throws Exception {
        Path script = work.resolve("post.lua");
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\nwrk.body = '" + body.replace("'", "\\'") + "'\n");
        headers.forEach((k, v) -> lua.append("wrk.headers[\"").append(k).append("\"] = \"").append(v.replace("\"", "\\\""))
                .append("\"\n"));
        lua.append("""
                non2xx = 0
                response = function(status, headers, body) if status ~= 200 then non2xx = non2xx + 1 end end
                """);
        Files.writeString(script, lua);
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c64", "-d" + phase.toSeconds() + "s", "-s", script.toString(), url)
                .redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        Matcher rps = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        Matcher socketErrors = Pattern.compile("Socket errors: .*").matcher(out);
        long errors = (non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0) + (socketErrors.find() ? 1 : 0);
        return new double[] {rps.find() ? Double.parseDouble(rps.group(1)) : 0, errors};
    }

}
