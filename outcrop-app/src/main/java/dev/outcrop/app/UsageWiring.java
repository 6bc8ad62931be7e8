package dev.outcrop.app;

import dev.outcrop.cluster.StoreHealth;
import dev.outcrop.store.Database;
import dev.outcrop.store.JdbcBudgetCounter;
import dev.outcrop.store.JdbcCluster;
import dev.outcrop.store.JdbcQuotaCounter;
import dev.outcrop.usage.Budget;
import dev.outcrop.usage.BudgetCounter;
import dev.outcrop.usage.FailoverBudgetCounter;
import dev.outcrop.usage.FailoverQuotaCounter;
import dev.outcrop.usage.LocalBudgetCounter;
import dev.outcrop.usage.LocalQuotaCounter;
import dev.outcrop.usage.QuotaCounter;
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

    static PriceBook prices(UsageConfig usage) {
        Map<String, Price> models = new HashMap<>();
        Map<String, Price> regions = new HashMap<>();
        for (PriceConfig p : usage.prices()) {
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

    /** The shared database of a cluster, where quotas and budgets are counted for all nodes together. */
    record Shared(Database database, StoreHealth health, String nodeId) {}

    /** The accounting, and the cluster budgets and quotas to refresh at each heartbeat (null on one node). */
    record Accounting(UsageAccounting accounting, FailoverBudgetCounter clusterBudgets,
                      FailoverQuotaCounter clusterQuotas) {}

    /**
     * The accounting over the ledger: quotas and budgets counted in this process, or, with {@code shared},
     * in the cluster's database (by this node's share while it cannot be reached).
     */
    static Accounting accounting(OutcropConfig config, Ledger ledger, UsageObserver observer, Shared shared) {
        Clock clock = Clock.systemUTC();
        List<Budget> budgets = config.usage().budgets().stream().map(b -> new Budget(b.name(), Selector.parse(b.scope()),
                b.period().budgetPeriod(), micros(b.limitUsd()), b.thresholds(),
                b.webhook() == null ? null : URI.create(b.webhook()))).toList();
        List<Quota> quotas = config.usage().quotas().stream().map(q -> new Quota(q.name(), Selector.parse(q.scope()),
                q.requestsPerMinute(), q.tokensPerMinute())).toList();
        BudgetCounter.History history = (budget, periodStart) ->
                Budgets.spentIn(budget, ledger.records(periodStart, clock.instant().plusSeconds(1)));
        QuotaCounter quotaCounter;
        BudgetCounter budgetCounter;
        FailoverBudgetCounter clusterBudgets = null;
        FailoverQuotaCounter clusterQuotas = null;
        if (shared == null) {
            quotaCounter = new LocalQuotaCounter(System::currentTimeMillis);
            budgetCounter = new LocalBudgetCounter(history);
        } else {
            clusterQuotas = new FailoverQuotaCounter(new JdbcQuotaCounter(shared.database()), shared.health(), quotas,
                    JdbcCluster.LIVENESS, System::currentTimeMillis);
            quotaCounter = clusterQuotas;
            clusterBudgets = new FailoverBudgetCounter(new JdbcBudgetCounter(shared.database(), shared.nodeId(),
                    JdbcCluster.LIVENESS, history), shared.health(), budgets,
                    spends -> Budgets.notifyCrossings(spends, UsageWiring::notify));
            budgetCounter = clusterBudgets;
        }
        Budgets budgetState = new Budgets(budgets, budgetCounter, clock, UsageWiring::notify);
        return new Accounting(new UsageAccounting(ledger, prices(config.usage()), budgetState,
                new Quotas(quotas, quotaCounter), clock, observer), clusterBudgets, clusterQuotas);
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
