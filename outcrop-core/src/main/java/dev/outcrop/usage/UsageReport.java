package dev.outcrop.usage;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cost allocation, like Cost Explorer's grouping by cost allocation tags: calls, tokens and cost of a
 * time range, grouped by a tag key, profile, model, served region, principal or prompt, per UTC day or month.
 */
public final class UsageReport {
    private UsageReport() {}

    /** Report periods. */
    public enum Granularity { DAILY, MONTHLY, TOTAL }

    /**
     * One row of a report.
     *
     * @param period the day ({@code 2026-11-22}), month ({@code 2026-11}) or {@code total}
     * @param group the group's value ({@code (untagged)} / {@code (none)} when a record has none)
     * @param calls the calls
     * @param errors the calls that did not succeed
     * @param inputTokens input tokens not read from a cache (Bedrock's {@code inputTokens})
     * @param outputTokens output tokens
     * @param cacheReadInputTokens input tokens read from a prompt cache, priced apart from the input
     * @param cacheWriteInputTokens input tokens written to a prompt cache, priced apart from the input
     * @param costUsd the cost in US dollars, cache reads and writes included
     */
    public record Row(String period, String group, long calls, long errors, long inputTokens, long outputTokens,
                      long cacheReadInputTokens, long cacheWriteInputTokens, double costUsd) {}

    /**
     * Groups {@code records} by {@code groupBy}: {@code tag:KEY}, {@code metadata:KEY} (the call's
     * {@code requestMetadata}), {@code profile}, {@code model}, {@code router} (the prompt router called, for
     * calls through one; the model it invoked is then the {@code model}),
     * {@code upstream} (how an upstream Bedrock was called: {@code foundation-model ID in REGION} or
     * {@code system-profile ID in REGION}, with {@code , served in REGION} where the upstream said), {@code region},
     * {@code principal} or {@code none}.
     *
     * @throws IllegalArgumentException for another grouping
     */
    public static List<Row> build(List<UsageRecord> records, String groupBy, Granularity granularity) {
        Map<String, long[]> totals = new TreeMap<>();
        for (UsageRecord r : records) {
            String key = period(r, granularity) + "\u0000" + group(r, groupBy);
            long[] t = totals.computeIfAbsent(key, k -> new long[7]);
            t[0]++;
            t[1] += r.outcome().equals(UsageRecord.SUCCESS) ? 0 : 1;
            t[2] += r.inputTokens();
            t[3] += r.outputTokens();
            t[4] += r.costMicros();
            t[5] += r.cacheReadTokens();
            t[6] += r.cacheWriteTokens();
        }
        List<Row> rows = new ArrayList<>();
        totals.forEach((key, t) -> {
            String[] parts = key.split("\u0000", 2);
            rows.add(new Row(parts[0], parts[1], t[0], t[1], t[2], t[3], t[5], t[6], t[4] / 1_000_000.0));
        });
        return rows;
    }

    private static String period(UsageRecord r, Granularity granularity) {
        return switch (granularity) {
            case DAILY -> DateTimeFormatter.ISO_LOCAL_DATE.format(r.time().atOffset(ZoneOffset.UTC));
            case MONTHLY -> DateTimeFormatter.ofPattern("yyyy-MM").format(r.time().atOffset(ZoneOffset.UTC));
            case TOTAL -> "total";
        };
    }

    private static String group(UsageRecord r, String groupBy) {
        if (groupBy.startsWith("tag:")) {
            String value = r.tags().get(groupBy.substring(4));
            return value != null ? value : "(untagged)";
        }
        if (groupBy.startsWith("metadata:")) {
            String value = r.requestMetadata().get(groupBy.substring("metadata:".length()));
            return value != null ? value : "(none)";
        }
        String value = switch (groupBy) {
            case "profile" -> r.applicationProfileArn() != null ? r.applicationProfileArn() : r.targetArn();
            case "model" -> r.foundationModel();
            case "router" -> r.attribute(StoredAttribute.PROMPT_ROUTER);
            case "region" -> r.servedRegions().isEmpty() ? null : r.servedRegions().getLast();
            case "principal" -> r.principal();
            case "prompt" -> r.promptArn();
            case "upstream" -> upstream(r);
            case "none" -> "all";
            default -> throw new IllegalArgumentException("groupBy '" + groupBy
                    + "' (expected: tag:KEY, metadata:KEY, profile, model, router, prompt, upstream, region, principal or none)");
        };
        return value != null ? value : "(none)";
    }

    private static String upstream(UsageRecord r) {
        String id = r.attribute(StoredAttribute.UPSTREAM_ID);
        if (id == null) {
            return null;
        }
        String served = r.attribute(StoredAttribute.UPSTREAM_SERVED_REGION);
        return r.attribute(StoredAttribute.UPSTREAM_ID_FORM) + " " + id + " in " + r.attribute(StoredAttribute.UPSTREAM_REGION)
                + (served != null ? ", served in " + served : "");
    }

    /** The rows as CSV with a header line. */
    public static String csv(List<Row> rows) {
        StringBuilder out = new StringBuilder("period,group,calls,errors,input_tokens,output_tokens,"
                + "cache_read_input_tokens,cache_write_input_tokens,cost_usd\n");
        for (Row row : rows) {
            out.append(row.period()).append(',').append(quote(row.group())).append(',').append(row.calls()).append(',')
                    .append(row.errors()).append(',').append(row.inputTokens()).append(',').append(row.outputTokens())
                    .append(',').append(row.cacheReadInputTokens()).append(',').append(row.cacheWriteInputTokens())
                    .append(',').append(String.format(Locale.ROOT, "%.6f", row.costUsd())).append('\n');
        }
        return out.toString();
    }

    private static String quote(String text) {
        return text.contains(",") || text.contains("\"") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
