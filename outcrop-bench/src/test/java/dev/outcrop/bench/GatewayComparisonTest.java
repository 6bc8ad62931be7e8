package dev.outcrop.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

class GatewayComparisonTest {
    private static GatewayComparison.Result result(double... rounds) {
        return new GatewayComparison.Result("t", rounds, 0, new GatewayComparison.Latency(Map.of(), new double[3]));
    }

    @Test
    void throughputIsTheMedianOfTheRounds() {
        assertEquals(20, result(30, 10, 20).maxRps());
        assertEquals(15, result(10, 20).maxRps());
        assertEquals(7, result(7).maxRps());
    }

    @Test
    void aRatioIsTheMedianOfEachRoundsOwnRatioNotTheRatioOfMedians() {
        // The machine slowed in round 2: both targets lost half, and their ratio in that round held.
        GatewayComparison.Result outcrop = result(20, 10, 21);
        GatewayComparison.Result nginx = result(40, 20, 40);
        assertEquals(0.5, outcrop.ratioTo(nginx), 1e-9);
        // Round ratios 0.25, 1.1 and 0.5: the median is 0.5, where a ratio of medians would say 22 / 40.
        assertEquals(0.5, result(10, 22, 30).ratioTo(result(40, 20, 60)), 1e-9);
    }

    @Test
    void aLatencyCellSaysWhenNothingAnswered() {
        assertEquals("0.50 / 2.00", GatewayComparison.latencyCell(new double[] {0.5, 2, 0}));
        assertEquals("0.50 / 2.00 / 9.10 (3 errors)", GatewayComparison.latencyCell(new double[] {0.5, 2, 9.1, 3}));
        assertEquals("all 10000 failed", GatewayComparison.latencyCell(new double[] {Double.NaN, Double.NaN, 10000}));
    }

    @Test
    void theChartIsDrawnWhenOneTargetIsFarOffTheLatencyScale(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chart/gateways.png");
        GatewayComparison.chart(List.of(withP99("floor", 3), withP99("nginx", 2.7), withP99("failing", 17_766)), file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(80 + 3 * 85, image.getHeight());
    }

    private static GatewayComparison.Result withP99(String name, double p99) {
        return new GatewayComparison.Result(name, new double[] {1000}, 0,
                new GatewayComparison.Latency(Map.of(1000, new double[] {0.5, p99, p99, 0}), new double[3]));
    }
}
