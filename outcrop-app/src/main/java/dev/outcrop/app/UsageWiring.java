package dev.outcrop.app;

import dev.outcrop.usage.Budget;
import dev.outcrop.usage.Budgets;
import dev.outcrop.usage.Ledger;
import dev.outcrop.usage.Price;
import dev.outcrop.usage.PriceBook;
import dev.outcrop.usage.Quota;
import dev.outcrop.usage.Quotas;
import dev.outcrop.usage.Selector;
import dev.outcrop.usage.UsageAccounting;
import dev.outcrop.usage.UsageObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds prices, budgets, quotas and the accounting from the configuration. */
final class UsageWiring {
    private static final Logger log = LoggerFactory.getLogger(UsageWiring.class);
    private static final HttpClient WEBHOOKS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private UsageWiring() {}

    static PriceBook prices(OutcropConfig.Usage usage) {
        Map<String, Price> models = new HashMap<>();
        Map<String, Price> regions = new HashMap<>();
        for (OutcropConfig.PriceConfig p : usage.prices()) {
            long input = micros(p.input());
            Price price = new Price(input, micros(p.output()),
                    p.cacheRead() != null ? micros(p.cacheRead()) : Math.round(input * 0.1),
                    p.cacheWrite() != null ? micros(p.cacheWrite()) : Math.round(input * 1.25));
            if (p.region() == null) {
                models.put(p.model(), price);
            } else {
                regions.put(p.model() + "@" + p.region(), price);
            }
        }
        return PriceBook.defaults().with(models, regions);
    }

    static UsageAccounting accounting(OutcropConfig config, Ledger ledger, UsageObserver observer) {
        Clock clock = Clock.systemUTC();
        List<Budget> budgets = config.usage().budgets().stream().map(b -> new Budget(b.name(), Selector.parse(b.scope()),
                Budget.Period.valueOf(b.period().toUpperCase(Locale.ROOT)), micros(b.limitUsd()), b.thresholds(),
                b.webhook() == null ? null : URI.create(b.webhook()))).toList();
        Budgets budgetState = new Budgets(budgets, clock, UsageWiring::notify);
        if (!budgets.isEmpty()) {
            Instant now = clock.instant();
            Instant monthStart = Budget.Period.MONTHLY.start(now);
            budgetState.restore(ledger.records(monthStart, now.plusSeconds(1)));
        }
        List<Quota> quotas = config.usage().quotas().stream().map(q -> new Quota(q.name(), Selector.parse(q.scope()),
                q.requestsPerMinute(), q.tokensPerMinute())).toList();
        return new UsageAccounting(ledger, prices(config.usage()), budgetState, new Quotas(quotas, System::currentTimeMillis),
                clock, observer);
    }

    /** A threshold crossed: logged, and POSTed to the budget's webhook when it has one. */
    static void notify(Budgets.Notification n) {
        String text = String.format(Locale.ROOT, "budget '%s' (%s) has reached %.0f%% of its limit: $%.6f of $%.6f this period",
                n.budget(), n.selector(), n.threshold() * 100, n.spentMicros() / 1e6, n.limitMicros() / 1e6);
        log.warn(text);
        if (n.webhook() != null) {
            String body = String.format(Locale.ROOT, "{\"budget\":\"%s\",\"scope\":\"%s\",\"threshold\":%s,"
                    + "\"spentUsd\":%.6f,\"limitUsd\":%.6f,\"periodStart\":\"%s\",\"message\":\"%s\"}", n.budget(), n.selector(),
                    n.threshold(), n.spentMicros() / 1e6, n.limitMicros() / 1e6, n.periodStart(), text.replace("\"", "'"));
            WEBHOOKS.sendAsync(HttpRequest.newBuilder(n.webhook()).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        if (error != null || response.statusCode() >= 300) {
                            log.warn("budget webhook {} failed: {}", n.webhook(), error != null ? error.toString()
                                    : "status " + response.statusCode());
                        }
                    });
        }
    }

    static long micros(Double usd) {
        return Math.round(usd * 1_000_000);
    }
}
