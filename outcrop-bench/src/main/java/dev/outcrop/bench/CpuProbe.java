package dev.outcrop.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a call costs running Outcrops at full load, for comparing builds or settings by hand: each round runs
 * {@code wrk} (2 threads, 64 connections) against every Outcrop in turn and reads the Outcrop process's CPU
 * time, whole and by thread group, from {@code /proc} before and after, so that each figure is CPU a call in
 * microseconds. Rounds alternate the Outcrops so that the machine's drift falls on all of them alike.
 * Each Outcrop gets a new application profile over the cross-region Haiku profile and is called with a signed
 * Converse, as in the gateway comparison (its root key must be {@link BenchOutcrop}'s).
 * Each round also reads the bytes the Outcrop's threads allocated ({@code ThreadMXBean}, through the JVM's
 * local management agent) before and after, a measure of a call's work that the machine's load does not move.
 *
 * <p>Usage: {@code CpuProbe SECONDS ROUNDS WARM_UP_SECONDS PORT [PORT...]}, for example
 * {@code CpuProbe 10 6 60 19201 19202}.
 */
public final class CpuProbe {
    /** Clock ticks a second of /proc's CPU times (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    private CpuProbe() {}

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(Integer.parseInt(args[0]));
        int rounds = Integer.parseInt(args[1]);
        Duration warmUp = Duration.ofSeconds(Integer.parseInt(args[2]));
        int targets = args.length - 3;
        int[] ports = new int[targets];
        long[] pids = new long[targets];
        String[] urls = new String[targets];
        com.sun.management.ThreadMXBean[] threads = new com.sun.management.ThreadMXBean[targets];
        for (int i = 0; i < targets; i++) {
            ports[i] = Integer.parseInt(args[i + 3]);
            pids[i] = listener(ports[i]);
            threads[i] = threads(pids[i]);
            urls[i] = "http://127.0.0.1:" + ports[i]
                    + BenchOutcrop.modelPath(BenchOutcrop.createProfile(ports[i]), "converse");
        }
        Path work = Files.createTempDirectory("outcrop-cpu-probe");
        for (int i = 0; i < targets; i++) {
            wrk(urls[i], ports[i], work, warmUp);
        }
        System.out.println("| round | port | req/s | errors | CPU µs a call | KB allocated a call | by thread group (µs a call) |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        List<List<Double>> perCall = new ArrayList<>();
        List<List<Double>> allocated = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            perCall.add(new ArrayList<>());
            allocated.add(new ArrayList<>());
        }
        for (int round = 1; round <= rounds; round++) {
            for (int turn = 0; turn < targets; turn++) {
                int i = (turn + round) % targets;
                wrk(urls[i], ports[i], work, Duration.ofSeconds(2)); // connections made again before measuring
                Map<String, Long> before = threadTicks(pids[i]);
                long bytesBefore = threads[i].getTotalThreadAllocatedBytes();
                double[] result = wrk(urls[i], ports[i], work, phase);
                long bytesAfter = threads[i].getTotalThreadAllocatedBytes();
                Map<String, Long> after = threadTicks(pids[i]);
                double calls = result[0] * phase.toSeconds();
                double whole = micros(sum(after) - sum(before), calls);
                double kilobytes = calls <= 0 ? 0 : (bytesAfter - bytesBefore) / 1024.0 / calls;
                perCall.get(i).add(whole);
                allocated.get(i).add(kilobytes);
                StringBuilder groups = new StringBuilder();
                after.forEach((group, ticks) -> {
                    double us = micros(ticks - before.getOrDefault(group, 0L), calls);
                    if (us >= 1) {
                        groups.append(groups.isEmpty() ? "" : ", ").append(group)
                                .append(String.format(Locale.ROOT, " %.0f", us));
                    }
                });
                System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.1f | %.2f | %s |%n", round, ports[i],
                        result[0], result[1], whole, kilobytes, groups);
            }
        }
        for (int i = 0; i < targets; i++) {
            List<Double> sorted = perCall.get(i).stream().sorted().toList();
            double median = GatewayReport.median(sorted.stream().mapToDouble(Double::doubleValue).toArray());
            System.out.printf(Locale.ROOT, "port %d: median %.1f µs a call (rounds: %s)%n", ports[i], median,
                    sorted.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList());
            List<Double> bytes = allocated.get(i).stream().sorted().toList();
            System.out.printf(Locale.ROOT, "port %d: median %.2f KB allocated a call (rounds: %s)%n", ports[i],
                    GatewayReport.median(bytes.stream().mapToDouble(Double::doubleValue).toArray()),
                    bytes.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList());
        }
    }

    private static double[] wrk(String url, int port, Path work, Duration phase) throws Exception {
        String path = url.substring(url.indexOf('/', "http://".length()));
        return GatewayComparison.wrk(url, BenchOutcrop.sign(port, "POST", path, BenchOutcrop.CONVERSE_BODY),
                BenchOutcrop.CONVERSE_BODY, work, phase);
    }

    private static double micros(long ticks, double calls) {
        return calls <= 0 ? 0 : ticks / TICKS * 1e6 / calls;
    }

    private static long sum(Map<String, Long> ticks) {
        return ticks.values().stream().mapToLong(Long::longValue).sum();
    }

    /** User and system ticks of each thread of {@code pid}, summed by thread name with its digits taken out. */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> groups = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                } catch (IOException gone) {
                    continue; // the thread ended between the listing and the read
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "#");
                String[] fields = stat.substring(close + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                groups.merge(name, ticks, Long::sum);
            }
        }
        return groups;
    }

    /**
     * The thread bean of the JVM {@code pid}, through its local management agent (started by attaching, as
     * {@code jcmd} does): it counts the bytes every thread allocated, those that ended included.
     */
    private static com.sun.management.ThreadMXBean threads(long pid) throws Exception {
        com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        javax.management.remote.JMXConnector connector = javax.management.remote.JMXConnectorFactory.connect(
                new javax.management.remote.JMXServiceURL(address));
        return java.lang.management.ManagementFactory.newPlatformMXBeanProxy(connector.getMBeanServerConnection(),
                java.lang.management.ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
    }

    /** The process listening on {@code port} of the loopback interface, by {@code ss}. */
    private static long listener(int port) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-ltnpH", "sport = :" + port).redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor();
        java.util.regex.Matcher pid = java.util.regex.Pattern.compile("pid=(\\d+)").matcher(out);
        if (!pid.find()) {
            throw new IllegalStateException("no process listens on port " + port + ": " + out);
        }
        return Long.parseLong(pid.group(1));
    }
}
