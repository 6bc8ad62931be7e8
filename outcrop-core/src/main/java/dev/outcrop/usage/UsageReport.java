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

    /**
     * What one prompt router saved against always calling its stronger model, over a report's records.
     *
     * @param router the router's ARN, as the callers named it
     * @param calls the records of calls through it (a cascade's set-aside answer is a record of its own)
     * @param escalations the answers a cascade set aside and asked the stronger model instead
     * @param costUsd what those calls cost, priced at the model each invoked in the region that served it
     * @param strongerCostUsd what the same tokens would have cost at the router's stronger model in the same
     *        regions (an answer set aside counts nothing there: always calling the stronger model skips it)
     * @param savedUsd {@code strongerCostUsd - costUsd}; negative when escalations cost more than routing saved
     */
    public record RouterSaving(String router, long calls, long escalations, double costUsd, double strongerCostUsd,
                               double savedUsd) {
        /** The share saved, 0..1 (negative when routing cost more); 0 when nothing was priced. */
        public double savedShare() {
            return strongerCostUsd == 0 ? 0 : savedUsd / strongerCostUsd;
        }
    }

    /**
     * The saving of each prompt router among {@code records}: the cost actually priced against the cost of the same
     * tokens at the router's stronger model ({@link StoredAttribute#ROUTER_BASELINE}) in the region that served each
     * call, from {@code prices}. A record kept before the baseline was recorded claims no saving.
     */
    public static List<RouterSaving> savings(List<UsageRecord> records, PriceBook prices) {
        Map<String, long[]> totals = new TreeMap<>();
        for (UsageRecord r : records) {
            String router = r.attribute(StoredAttribute.PROMPT_ROUTER);
            if (router == null) {
                continue;
            }
            long[] t = totals.computeIfAbsent(router, k -> new long[4]);
            t[0]++;
            t[2] += r.costMicros();
            String baseline = r.attribute(StoredAttribute.ROUTER_BASELINE);
            String cascade = r.attribute(StoredAttribute.ROUTER_CASCADE);
            if (cascade != null && cascade.startsWith(SUPERSEDED)) {
                t[1]++;
            } else if (baseline == null || r.servedRegions().isEmpty()) {
                t[3] += r.costMicros();
            } else {
                t[3] += prices.price(baseline, r.servedRegions().getLast()).cost(r.inputTokens(), r.outputTokens(),
                        r.cacheReadTokens(), r.cacheWriteTokens());
            }
        }
        List<RouterSaving> savings = new ArrayList<>();
        totals.forEach((router, t) -> savings.add(new RouterSaving(router, t[0], t[1], t[2] / 1_000_000.0,
                t[3] / 1_000_000.0, (t[3] - t[2]) / 1_000_000.0)));
        return savings;
    }

    /** The {@link StoredAttribute#ROUTER_CASCADE} value of an answer a cascade set aside starts so. */
    public static final String SUPERSEDED = "superseded:";

    /** The savings as text lines, for the CLI. */
    public static String savingsText(List<RouterSaving> savings) {
        StringBuilder out = new StringBuilder();
        for (RouterSaving s : savings) {
            out.append(String.format(Locale.ROOT, "router %s: %d calls (%d set aside by the cascade), cost $%.6f, "
                    + "always the stronger model $%.6f, saved $%.6f (%.1f%%)%n", s.router(), s.calls(), s.escalations(),
                    s.costUsd(), s.strongerCostUsd(), s.savedUsd(), 100 * s.savedShare()));
        }
        return out.toString();
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
