package dev.outcrop.util.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FixedTimeLimitTest {
    // Checked by hand (expire) so that the tests do not depend on the machine's timing: the thread checks hourly.
    private final FixedTimeLimit limit = new FixedTimeLimit(Duration.ofSeconds(10), Duration.ofHours(1), "test-limit",
            "the test's work");

    @Test
    void aFutureNotDoneByItsDeadlineFailsWithATimeout() {
        CompletableFuture<String> late = limit.watch(new CompletableFuture<>());

        limit.expire(System.nanoTime() + TimeUnit.SECONDS.toNanos(9));
        assertThat(late).isNotDone();
        limit.expire(System.nanoTime() + TimeUnit.SECONDS.toNanos(11));
        assertThatThrownBy(late::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(TimeoutException.class).hasMessage("the test's work took longer than 10000 ms");
        assertThat(limit.size()).isZero();
    }

    @Test
    void aFutureDoneInTimeKeepsItsResultAndIsForgotten() throws Exception {
        CompletableFuture<String> prompt = limit.watch(new CompletableFuture<>());
        CompletableFuture<String> late = limit.watch(new CompletableFuture<>());
        prompt.complete("stored");

        limit.expire(System.nanoTime());
        assertThat(limit.size()).isEqualTo(1); // the done one left from the head; the pending one waits
        limit.expire(System.nanoTime() + TimeUnit.SECONDS.toNanos(11));

        assertThat(prompt.get()).isEqualTo("stored");
        assertThat(late).isCompletedExceptionally();
        assertThat(limit.size()).isZero();
    }

    @Test
    void aFutureAlreadyDoneIsNotWatched() {
        limit.watch(CompletableFuture.completedFuture("done"));
        assertThat(limit.size()).isZero();
    }

    @Test
    void theCheckingThreadFailsALateFutureByItself() {
        FixedTimeLimit quick = new FixedTimeLimit(Duration.ofMillis(50), Duration.ofMillis(10), "test-quick-limit", "work");
        CompletableFuture<Void> late = quick.watch(new CompletableFuture<>());

        assertThatThrownBy(() -> late.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(TimeoutException.class);
    }
}
