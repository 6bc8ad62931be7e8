package dev.outcrop.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outcrop.error.ServiceQuotaExceededException;
import dev.outcrop.invoke.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Admission reserves a call's worst case: no limit a caller sets lets a call hold nothing. */
class UsageAccountingTest {
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final Price HAIKU = new Price(250, 1250, 0, 0);
    private static final Target TARGET = new Target.FoundationModelTarget(MODEL,
            "arn:aws:bedrock:us-east-1::foundation-model/" + MODEL, List.of("us-east-1"), "us-east-1");
    private static final long INPUT_TOKENS = 20;
    private static final int HUGE_MAX_TOKENS = 100_000_000;

    private final List<UsageRecord> recorded = Collections.synchronizedList(new ArrayList<>());

    private UsageAccounting accounting(long budgetMicros) {
        Budget budget = new Budget("alice-daily", Selector.parse("principal:alice"), Budget.Period.DAILY, budgetMicros,
                List.of(), null);
        Budgets budgets = new Budgets(List.of(budget), new LocalBudgetCounter(BudgetCounter.History.NONE),
                Clock.systemUTC(), notification -> { });
        Ledger ledger = new Ledger() {
            @Override
            public CompletableFuture<Void> append(UsageRecord record) {
                recorded.add(record);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public List<UsageRecord> records(Instant from, Instant to) {
                return List.copyOf(recorded);
            }

            @Override
            public int backlog() {
                return 0;
            }

            @Override
            public void close() { }
        };
        return new UsageAccounting(ledger, new PriceBook(Map.of(MODEL, HAIKU), Map.of()), budgets,
                new Quotas(List.of(), new LocalQuotaCounter(System::currentTimeMillis)), Clock.systemUTC(),
                UsageObserver.NONE);
    }

    private static UsageAccounting.Call call(int n) {
        return new UsageAccounting.Call("request-" + n, "alice", "Converse", MODEL, "us-east-1", TARGET, null, Map.of());
    }

    @Test
    void fortyConcurrentCallsWithAHugeMaxTokensAdmitExactlyTheNineABudgetCanCover() throws Exception {
        long worstCase = HAIKU.cost(INPUT_TOKENS, HUGE_MAX_TOKENS, 0, 0);
        UsageAccounting accounting = accounting(9 * worstCase + worstCase / 2);
        CountDownLatch start = new CountDownLatch(1);
        List<UsageAccounting.Meter> admitted = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> refused = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                calls.add(pool.submit(() -> {
                    assertThat(start.await(30, TimeUnit.SECONDS)).isTrue();
                    try {
                        admitted.add(accounting.begin(call(n), INPUT_TOKENS, HUGE_MAX_TOKENS)); // held: never settled here
                    } catch (RuntimeException e) {
                        refused.add(e);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
        }

        assertThat(admitted).hasSize(9);
        assertThat(refused).hasSize(31).allMatch(e -> e instanceof ServiceQuotaExceededException);
        assertThat(accounting.budgets().getFirst().reservedMicros()).isEqualTo(9 * worstCase);
    }

    @Test
    void aMaxTokensBelowOneIsRefusedInsteadOfReservingNothing() {
        UsageAccounting accounting = accounting(1_000_000);
        for (int maxTokens : new int[] {0, -5, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> accounting.begin(call(maxTokens), INPUT_TOKENS, maxTokens))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTokens: " + maxTokens);
        }
        assertThat(accounting.budgets().getFirst().reservedMicros()).isZero();
    }

    @Test
    void theLargestMaxTokensIsReservedInFullAndRefusedByABudgetItExceeds() {
        UsageAccounting accounting = accounting(Duration.ofDays(1).toSeconds()); // $0.086400: far below the worst case
        assertThatThrownBy(() -> accounting.begin(call(1), INPUT_TOKENS, Integer.MAX_VALUE))
                .isInstanceOf(ServiceQuotaExceededException.class)
                .hasMessageContaining("this call may cost up to $2684.354");
        assertThat(recorded).singleElement().extracting(UsageRecord::outcome).isEqualTo("ServiceQuotaExceededException");
    }

    @Test
    void aPriceThatWouldOverflowIsAnErrorNotAWrappedCost() {
        assertThatThrownBy(() -> new Price(0, Long.MAX_VALUE / 2, 0, 0).cost(0, 3, 0, 0))
                .isInstanceOf(ArithmeticException.class);
    }
}
