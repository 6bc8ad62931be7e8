package dev.outcrop.bench;

import dev.outcrop.app.Outcrop;
import dev.outcrop.app.OutcropConfig;
import dev.outcrop.providers.simulator.Fault;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Latency of calls through a cross-region profile while its source region is down, against the healthy
 * baseline, in one run on one machine. Usage: {@code OutageLatencyBenchmark [rate] [seconds]}.
 *
 * <p>The simulator answers after a fixed time to first token with a short answer, so what changes
 * between phases is Outcrop's routing: the healthy source region; the source refusing connections (an
 * outage the router sees at once); the source hanging until its first-byte timeout (an outage it learns
 * from timeouts, until the breaker ejects the region).
 */
public final class OutageLatencyBenchmark {
    private static final String PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";
    private static final String SOURCE = "us-east-2";

    private OutageLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Duration phase = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 20);
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path data = Files.createTempDirectory("outcrop-bench");
        OutcropConfig config = OutcropConfig.defaults().withPort(0).withDataDir(data)
                .with(new dev.outcrop.app.SimulatorConfig(true, 42L, 20, 0, 250))
                .with(new dev.outcrop.app.AuthConfig(dev.outcrop.app.AuthConfig.Mode.NONE)); // routing is measured here, not authentication
        try (Outcrop outcrop = Outcrop.start(config, System.getenv())) {
            URI endpoint = URI.create(outcrop.url());
            OpenLoopLoad load = new OpenLoopLoad();
            load.run(rate, Duration.ofSeconds(5), n -> OpenLoopLoad.converse(endpoint, PROFILE, SOURCE, n)); // warm-up

            LatencyRecorder healthy = load.run(rate, phase, n -> OpenLoopLoad.converse(endpoint, PROFILE, SOURCE, n));
            outcrop.simulatorFaults().set(SOURCE, new Fault(Fault.Kind.DOWN, null, 0));
            LatencyRecorder down = load.run(rate, phase, n -> OpenLoopLoad.converse(endpoint, PROFILE, SOURCE, n));
            outcrop.simulatorFaults().clearAll();
            load.run(rate, Duration.ofSeconds(12), n -> OpenLoopLoad.converse(endpoint, PROFILE, SOURCE, n)); // recovery
            outcrop.simulatorFaults().set(SOURCE, new Fault(Fault.Kind.HANG, null, 0));
            LatencyRecorder hanging = load.run(rate, phase, n -> OpenLoopLoad.converse(endpoint, PROFILE, SOURCE, n));

            System.out.printf(Locale.ROOT, "Converse through %s from %s, %d requests/s open loop, %ds a phase, "
                    + "simulator time to first token 20 ms, first-byte timeout 250 ms, %d cores%n%n", PROFILE, SOURCE,
                    rate, phase.toSeconds(), Runtime.getRuntime().availableProcessors());
            System.out.println("| phase | requests | errors | p50 ms | p99 ms | p99.9 ms | max ms |");
            System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            row("healthy baseline", healthy);
            row("source region down (connection refused)", down);
            row("source region hanging (timeouts until ejected)", hanging);
        }
    }

    private static void row(String name, LatencyRecorder r) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f |%n", name, r.count() + r.errors(),
                r.errors(), r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(99.9),
                r.percentileMillis(100));
    }
}
