package dev.outcrop.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayReportTest {
    private static final GatewayReport.Latency ONCE =
            new GatewayReport.Latency(Map.of(500, new double[] {0.4, 1, 2, 0}), new double[3]);

    /** A target measured in rounds: requests/s, and a p99 at the target rate, one of each a round. */
    private static GatewayReport.Result result(double[] rps, double... p99) {
        return beside(rps, new double[rps.length], p99);
    }

    /** As {@link #result}, with the p99 of the floor measured beside the target in each round. */
    private static GatewayReport.Result beside(double[] rps, double[] floorP99, double... p99) {
        double[][] atRate = new double[rps.length][];
        for (int i = 0; i < rps.length; i++) {
            atRate[i] = new double[] {0.5, p99.length > 0 ? p99[i] : 1, 9, 0};
        }
        return new GatewayReport.Result("t", rps, 0, atRate, floorP99, ONCE);
    }

    private static double[] rps(double... values) {
        return values;
    }

    @Test
    void throughputIsTheMedianOfTheRounds() {
        assertEquals(20, result(rps(30, 10, 20)).maxRps());
        assertEquals(15, result(rps(10, 20)).maxRps());
        assertEquals(7, result(rps(7)).maxRps());
    }

    @Test
    void aRatioIsTheMedianOfEachRoundsOwnRatioNotTheRatioOfMedians() {
        // The machine slowed in round 2: both targets lost half, and their ratio in that round held.
        assertEquals(0.5, result(rps(20, 10, 21)).ratioTo(result(rps(40, 20, 40))), 1e-9);
        // Round ratios 0.25, 1.1 and 0.5: the median is 0.5, where a ratio of medians would say 22 / 40.
        assertEquals(0.5, result(rps(10, 22, 30)).ratioTo(result(rps(40, 20, 60))), 1e-9);
    }

    @Test
    void theAddedP99IsTheMedianOfEachRoundsDifferenceToTheFloorMeasuredBesideIt() {
        // The floor beside the gateway had p99s of 3, 9 and 3 ms; the floor alone is not what is subtracted.
        GatewayReport.Result gateway = beside(rps(1, 1, 1), new double[] {3, 9, 3}, 4, 9.5, 3.2);
        // Differences 1.0, 0.5, 0.2: the median is 0.5; the medians' difference (4 - 3) would be 1.0.
        assertEquals(0.5, gateway.addedP99(), 1e-9);
        GatewayReport.Result floor = beside(rps(1, 1, 1), new double[] {3, 9, 3}, 3, 9, 3);
        assertEquals(0, floor.addedP99(), 1e-9);
    }

    @Test
    void theTargetRatesFiguresAreTheRoundsMediansAndTheirErrorsAllTogether() {
        GatewayReport.Result r = new GatewayReport.Result("t", rps(1, 1, 1), 0,
                new double[][] {{1, 4, 8, 0}, {2, 3, 9, 5}, {3, 5, 7, 1}}, new double[3], ONCE);
        assertArrayEquals(new double[] {2, 4, 8, 6}, r.latency().rates().get(GatewayComparison.TARGET_RATE));
        assertArrayEquals(new double[] {0.4, 1, 2, 0}, r.latency().rates().get(500));
    }

    @Test
    void aLatencyCellSaysWhenNothingAnswered() {
        assertEquals("0.50 / 2.00", GatewayReport.latencyCell(new double[] {0.5, 2, 0}));
        assertEquals("0.50 / 2.00 / 9.10 (3 errors)", GatewayReport.latencyCell(new double[] {0.5, 2, 9.1, 3}));
        assertEquals("all 10000 failed", GatewayReport.latencyCell(new double[] {Double.NaN, Double.NaN, 10000}));
    }

    @Test
    void theChartIsDrawnWhenOneTargetIsFarOffTheLatencyScale(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chart/gateways.png");
        GatewayReport.chart(List.of(result(rps(9), 3), result(rps(8), 2.7), result(rps(1), 17_766)), file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(80 + 3 * 85, image.getHeight());
    }
}
