package dev.outcrop.bench;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Latency of one or more running Outcrops at fixed rates, in one warm JVM, for comparing builds or settings by
 * hand: each round measures every Outcrop once at each rate, in turn, the order turned by one each round, so
 * that the machine's drift falls on all of them alike. Each Outcrop gets a new application profile over the cross-region Haiku profile and is
 * called with a signed Converse, as in the gateway comparison (its root key must be {@link BenchOutcrop}'s).
 *
 * <p>With {@code --beside BACKEND_PORT}, each Outcrop is measured with the fake backend beside it, at the same
 * rate, the requests interleaved ({@link OpenLoopLoad#runBeside}): the row then shows the backend's p99 measured
 * in the same moments, and what Outcrop added to it.
 *
 * <p>Usage: {@code LatencyProbe SECONDS ROUNDS RATE[,RATE...] PORT [PORT...] [--beside BACKEND_PORT]}, for example
 * {@code LatencyProbe 10 3 1000,2000 19201 19202 --beside 19000}.
 */
public final class LatencyProbe {

    private LatencyProbe() {}

    public static void main(String[] arguments) throws Exception {
        java.util.List<String> list = new java.util.ArrayList<>(java.util.List.of(arguments));
        int besideAt = list.indexOf("--beside");
        java.util.function.IntFunction<HttpRequest> floor = null;
        if (besideAt >= 0) {
            String url = BenchOutcrop.chatCompletionsUrl(Integer.parseInt(list.get(besideAt + 1)));
            floor = n -> BenchOutcrop.build(url, Map.of("content-type", "application/json"), BenchOutcrop.CHAT_BODY);
            list.subList(besideAt, besideAt + 2).clear();
        }
        String[] args = list.toArray(String[]::new);
        Duration phase = Duration.ofSeconds(Integer.parseInt(args[0]));
        int rounds = Integer.parseInt(args[1]);
        String[] rates = args[2].split(",");
        String[] paths = new String[args.length - 3];
        for (int i = 3; i < args.length; i++) {
            paths[i - 3] = BenchOutcrop.modelPath(BenchOutcrop.createProfile(Integer.parseInt(args[i])), "converse");
        }
        OpenLoopLoad load = new OpenLoopLoad();
        for (int i = 3; i < args.length; i++) { // warm-up: 5 s at 1,000/s each
            load.run(1000, Duration.ofSeconds(5), request(Integer.parseInt(args[i]), paths[i - 3]));
        }
        System.out.println("| round | port | rate/s | p50 ms | p99 ms | p99.9 ms | errors |"
                + (floor != null ? " backend's p50 / p99 beside it | added p99 |" : ""));
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |" + (floor != null ? " ---: | ---: |" : ""));
        for (int round = 1; round <= rounds; round++) {
            for (String rate : rates) {
                int count = args.length - 3;
                for (int turn = 0; turn < count; turn++) {
                    int i = 3 + (turn + round - 1) % count; // the order turned by one each round
                    int port = Integer.parseInt(args[i]);
                    var request = request(port, paths[i - 3]);
                    LatencyRecorder r;
                    String beside = "";
                    if (floor == null) {
                        r = load.run(Integer.parseInt(rate), phase, request);
                    } else {
                        var both = load.runBeside(Integer.parseInt(rate), phase, java.util.List.of(floor, request));
                        r = both.get(1);
                        LatencyRecorder f = both.get(0);
                        beside = String.format(Locale.ROOT, " %.2f / %.2f | %+.2f |", f.percentileMillis(50),
                                f.percentileMillis(99), r.percentileMillis(99) - f.percentileMillis(99));
                    }
                    System.out.printf(Locale.ROOT, "| %d | %d | %s | %.2f | %.2f | %.2f | %d |%s%n", round, port, rate,
                            r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(99.9), r.errors(), beside);
                }
            }
        }
    }

    /** Requests signed now (a signature holds 15 minutes: one phase of a round is far shorter). */
    private static java.util.function.IntFunction<HttpRequest> request(int port, String path) {
        Map<String, String> headers = BenchOutcrop.sign(port, "POST", path, BenchOutcrop.CONVERSE_BODY);
        return n -> BenchOutcrop.build("http://127.0.0.1:" + port + path, headers, BenchOutcrop.CONVERSE_BODY);
    }
}
