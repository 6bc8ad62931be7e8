package dev.outcrop.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * What {@link GatewayComparison} measured, and how it is shown: each target's rounds and latency, the
 * medians and ratios taken over the rounds, the tables printed, and the chart drawn.
 */
final class GatewayReport {
    /** The chart's p99 scale covers the targets within this many times the floor's p99. */
    private static final double P99_SCALE_LIMIT = 10;

    private GatewayReport() {}

    /** Latency at fixed rates: p50, p99, p99.9 and errors at each rate; first stream event p50, p99 and errors. */
    record Latency(Map<Integer, double[]> rates, double[] firstEvent) {
        /** The same with {@code cell} as the figures at {@code rate}. */
        Latency with(int rate, double[] cell) {
            Map<Integer, double[]> all = new java.util.TreeMap<>(rates);
            all.put(rate, cell);
            return new Latency(all, firstEvent);
        }
    }

    /**
     * A target's measurements: requests/s and errors of each throughput round, the latency at the target rate in
     * each round, and its latency (at the target rate: the medians of the rounds).
     *
     * @param rounds requests/s measured by wrk, one a round
     * @param atTargetRate p50, p99, p99.9 and errors at {@link GatewayComparison#TARGET_RATE}, one a round
     * @param floorBeside the p99 of the floor measured beside this target at the same rate, one a round (for the
     *        floor, a second floor's: the difference is then the measurement's own noise)
     */
    record Result(String name, double[] rounds, long maxErrors, double[][] atTargetRate, double[] floorBeside,
                  Latency latency) {
        /** {@code latency} is what was measured once; the target rate's figures are added from the rounds. */
        Result {
            latency = latency.with(GatewayComparison.TARGET_RATE, medianCell(atTargetRate));
        }

        double maxRps() {
            return median(rounds);
        }

        /** The median over rounds of this target's p99 at the target rate less that of the floor measured beside it. */
        double addedP99() {
            double[] added = new double[atTargetRate.length];
            for (int i = 0; i < added.length; i++) {
                added[i] = atTargetRate[i][1] - floorBeside[i];
            }
            return median(added);
        }

        /** The median over rounds of this target's throughput divided by {@code other}'s in the same round. */
        double ratioTo(Result other) {
            double[] ratios = new double[rounds.length];
            for (int i = 0; i < rounds.length; i++) {
                ratios[i] = rounds[i] / other.rounds[i];
            }
            return median(ratios);
        }
    }

    /** Each percentile's median over rounds, and the errors of all rounds. */
    static double[] medianCell(double[][] rounds) {
        int width = rounds[0].length;
        double[] cell = new double[width];
        for (int k = 0; k < width; k++) {
            double[] column = new double[rounds.length];
            for (int i = 0; i < rounds.length; i++) {
                column[i] = rounds[i][k];
            }
            cell[k] = k == width - 1 ? java.util.Arrays.stream(column).sum() : median(column);
        }
        return cell;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Prints the table and the rounds' table to standard output, and draws the chart into {@code bench-results/}. */
    static void print(List<Result> results, Duration phase) throws IOException {
        Result floor = results.get(0);
        Result nginx = results.get(1);
        int rounds = floor.rounds().length;
        System.out.printf(Locale.ROOT, "Run of %s on %d cores (%s); every target in its own process; load from the same box; "
                + "%ds a measurement; throughput in %d rounds (median; ratios are medians of each round's ratio).%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
                phase.toSeconds(), rounds);
        System.out.println("| target | max req/s (wrk) | vs floor | vs nginx | p50 / p99 / p99.9 ms at 500/s | at 1,000/s | at 2,000/s "
                + "| added p99 at 1,000/s (over the floor beside it) | stream first event p50 / p99 ms at 500/s |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Result r : results) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.0f%s | %.2f | %.2f |", r.name(),
                    r.maxRps(), r.maxErrors() > 0 ? " (" + r.maxErrors() + " errors)" : "", r.ratioTo(floor),
                    r.ratioTo(nginx)));
            for (int rate : new int[] {500, 1000, 2000}) {
                row.append(' ').append(latencyCell(r.latency().rates().get(rate))).append(" |");
            }
            row.append(String.format(Locale.ROOT, " %+.2f |", r.addedP99()));
            row.append(' ').append(latencyCell(r.latency().firstEvent())).append(" |");
            System.out.println(row);
        }
        System.out.println();
        StringBuilder head = new StringBuilder("| target |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (int i = 1; i <= rounds; i++) {
            head.append(" round ").append(i).append(": req/s (vs nginx), p99 ms at 1,000/s (the floor's beside it) |");
            rule.append(" ---: |");
        }
        System.out.println(head);
        System.out.println(rule);
        for (Result r : results) {
            StringBuilder row = new StringBuilder("| " + r.name() + " |");
            for (int i = 0; i < rounds; i++) {
                row.append(String.format(Locale.ROOT, " %.0f (%.2f), %s (%.2f) |", r.rounds()[i], r.rounds()[i] / nginx.rounds()[i],
                        Double.isNaN(r.atTargetRate()[i][1]) ? "all failed" : String.format(Locale.ROOT, "%.2f", r.atTargetRate()[i][1]),
                        r.floorBeside()[i]));
            }
            System.out.println(row);
        }
        chart(results, Path.of("bench-results/gateways.png"));
    }

    private static double p99(Result r) {
        return r.latency().rates().get(1000)[1];
    }

    /** Percentiles then an error count, as {@code p50 / p99 (n errors)}; "all n failed" when nothing answered. */
    static String latencyCell(double[] percentilesThenErrors) {
        int last = percentilesThenErrors.length - 1;
        long errors = (long) percentilesThenErrors[last];
        if (Double.isNaN(percentilesThenErrors[0])) {
            return "all " + errors + " failed";
        }
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < last; i++) {
            cell.append(i > 0 ? " / " : "").append(String.format(Locale.ROOT, "%.2f", percentilesThenErrors[i]));
        }
        return errors > 0 ? cell + " (" + errors + " errors)" : cell.toString();
    }

    /**
     * A bar chart of maximum throughput and p99 at 1,000 requests/s. The p99 scale is set by the targets within
     * {@link #P99_SCALE_LIMIT} times the floor's p99: a gateway failing under the rate (Portkey's p99 of
     * seconds) would flatten every other bar to a line, so its bar runs off the scale and says so.
     */
    static void chart(List<Result> results, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        int width = 900;
        int height = 80 + results.size() * 85;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setColor(Color.DARK_GRAY);
        g.drawString("Max requests/s (wrk)", 40, 30);
        g.drawString("p99 ms at 1,000 requests/s", 490, 30);
        double maxRps = results.stream().mapToDouble(Result::maxRps).max().orElse(1);
        double floorP99 = p99(results.get(0));
        double maxP99 = results.stream().mapToDouble(GatewayReport::p99)
                .filter(p -> p <= P99_SCALE_LIMIT * floorP99).max().orElse(floorP99);
        Color[] colors = {new Color(0x9e9e9e), new Color(0x4caf50), new Color(0xff9800), new Color(0x1565c0),
            new Color(0x00838f), new Color(0xbdbdbd), new Color(0x757575), new Color(0x6a1b9a)};
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            int y = 60 + i * 85;
            int bar = (int) (380 * r.maxRps() / maxRps);
            g.setColor(colors[i % colors.length]);
            g.fillRect(40, y, Math.max(bar, 2), 40);
            boolean offScale = p99(r) > maxP99;
            int bar2 = (int) (360 * Math.min(p99(r), maxP99) / maxP99);
            g.fillRect(490, y, Math.max(bar2, 2), 40);
            g.setColor(Color.BLACK);
            g.drawString(r.name() + String.format(Locale.ROOT, "  %.0f/s", r.maxRps()), 44, y + 58);
            g.drawString(String.format(Locale.ROOT, "%.2f ms%s", p99(r), offScale ? "  (off the scale)" : ""), 494, y + 58);
        }
        g.setStroke(new BasicStroke(1));
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
