package dev.outcrop.app;

import dev.outcrop.error.ValidationException;
import dev.outcrop.server.admin.AdminEndpoint;
import dev.outcrop.usage.Ledger;
import dev.outcrop.usage.PriceBook;
import dev.outcrop.usage.UsageAccounting;
import dev.outcrop.usage.UsageReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The usage resources of the admin API: cost allocation reports and budget states. */
final class UsageApi {
    private UsageApi() {}

    static void register(AdminEndpoint admin, Ledger ledger, UsageAccounting accounting, PriceBook prices) {
        admin.route("GET", "usage", "outcrop:GetUsage", (labels, request, caller) -> report(ledger, prices,
                        request.queryParameter("from"), request.queryParameter("to"), request.queryParameter("groupBy"),
                        request.queryParameter("granularity"), request.queryParameter("format")))
                .route("GET", "budgets", "outcrop:GetUsage", (labels, request, caller) ->
                        Map.of("budgets", accounting.budgets(), "ledgerBacklog", accounting.backlog()));
    }

    /**
     * A report of {@code [from, to)} (UTC dates; default: this month so far), grouped by {@code groupBy}
     * (default {@code profile}), {@code daily}, {@code monthly} or {@code total} (default), JSON or CSV. Grouped by
     * {@code router}, the JSON report adds {@code routerSavings}: each router's cost against always calling its
     * stronger model, at {@code prices}.
     */
    static Object report(Ledger ledger, PriceBook prices, String from, String to, String groupBy, String granularity, String format) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant start = date(from, "from", today.withDayOfMonth(1));
        Instant end = date(to, "to", today.plusDays(1));
        UsageReport.Granularity g;
        try {
            g = UsageReport.Granularity.valueOf((granularity == null ? "total" : granularity).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("granularity '" + granularity + "' (expected: daily, monthly or total)");
        }
        List<UsageReport.Row> rows;
        List<dev.outcrop.usage.UsageRecord> records = ledger.records(start, end);
        try {
            rows = UsageReport.build(records, groupBy == null ? "profile" : groupBy, g);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(e.getMessage());
        }
        if ("csv".equalsIgnoreCase(format)) {
            return new AdminEndpoint.Raw("text/csv", UsageReport.csv(rows).getBytes(StandardCharsets.UTF_8));
        }
        if (format != null && !"json".equalsIgnoreCase(format)) {
            throw new ValidationException("format '" + format + "' (expected: json or csv)");
        }
        if ("router".equals(groupBy)) {
            return Map.of("from", start.toString(), "to", end.toString(), "rows", rows,
                    "routerSavings", UsageReport.savings(records, prices));
        }
        return Map.of("from", start.toString(), "to", end.toString(), "rows", rows);
    }

    private static Instant date(String text, String name, LocalDate fallback) {
        try {
            return (text == null ? fallback : LocalDate.parse(text)).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new ValidationException(name + " '" + text + "' (expected: a date such as 2026-11-01)");
        }
    }

    /** A report as text, for the CLI. */
    static String text(Object report) {
        return report instanceof AdminEndpoint.Raw raw ? new String(raw.body(), StandardCharsets.UTF_8)
                : dev.outcrop.server.protocol.Json.mapper().valueToTree(report).toPrettyString();
    }
}
