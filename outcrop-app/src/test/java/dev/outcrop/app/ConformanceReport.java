package dev.outcrop.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conformance stage's report: one line a client and check ({@code PASS}, {@code FAIL} with why, or
 * {@code SKIP} with why), ending with {@code N passed, N failed}. Clients may report at the same time; each
 * client's lines stay together, the clients in the order given.
 */
final class ConformanceReport {
    private final Map<String, List<String>> lines = new LinkedHashMap<>();
    private int passed;
    private int failed;
    private int skipped;

    ConformanceReport(List<String> clients) {
        clients.forEach(client -> lines.put(client, new ArrayList<>()));
    }

    /** Records a line a client script printed ({@code PASS check}, {@code FAIL check: why}, {@code SKIP ...}). */
    synchronized void record(String client, String line) {
        String outcome = line.length() >= 4 ? line.substring(0, 4) : "";
        switch (outcome) {
            case "PASS" -> passed++;
            case "FAIL" -> failed++;
            case "SKIP" -> skipped++;
            default -> {
                return; // anything else a client printed (a runtime's warning) is not a check
            }
        }
        lines.computeIfAbsent(client, c -> new ArrayList<>()).add(String.format("%-20s %s", client, line));
    }

    void pass(String client, String check) {
        record(client, "PASS " + check);
    }

    void fail(String client, String check, String why) {
        record(client, "FAIL " + check + ": " + why.replaceAll("\\s+", " "));
    }

    void skip(String client, String why) {
        record(client, "SKIP " + why);
    }

    synchronized int failed() {
        return failed;
    }

    synchronized int passed() {
        return passed;
    }

    /** How many checks a client passed. */
    synchronized long passedBy(String client) {
        return lines.getOrDefault(client, List.of()).stream().filter(l -> l.startsWith(String.format("%-20s PASS", client))).count();
    }

    /** The report as printed. */
    synchronized String text() {
        StringBuilder text = new StringBuilder();
        lines.values().forEach(client -> client.forEach(l -> text.append(l).append('\n')));
        if (skipped > 0) {
            text.append(skipped).append(" skipped (see SKIP above)\n");
        }
        return text.append(passed).append(" passed, ").append(failed).append(" failed").toString();
    }
}
