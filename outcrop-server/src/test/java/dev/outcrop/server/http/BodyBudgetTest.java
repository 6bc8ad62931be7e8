package dev.outcrop.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {
    private static final int KIB = 1024;

    @Test
    void aBodyWithAContentLengthEndsInOneArrayOfExactlyThatLength() {
        BodyBudget budget = new BodyBudget(1024 * KIB, 1024 * KIB);
        BodyBuffer body = new BodyBuffer(budget, budget.connection(), 20_000, () -> { });

        for (int i = 0; i < 20; i++) {
            assertThat(body.append(Unpooled.wrappedBuffer(new byte[1000]))).isEqualTo(BodyBuffer.Outcome.APPENDED);
        }

        assertThat(body.bytes()).hasSize(20_000);
        assertThat(budget.buffered()).isEqualTo(20_000);
    }

    @Test
    void aClaimedLengthCostsNothingUntilItsBytesArrive() {
        BodyBudget budget = new BodyBudget(1024 * KIB, 1024 * KIB);
        BodyBuffer body = new BodyBuffer(budget, budget.connection(), 20_000_000, () -> { });

        body.append(Unpooled.wrappedBuffer(new byte[100]));

        assertThat(budget.buffered()).isLessThanOrEqualTo(8 * KIB);
    }

    @Test
    void aBodyOverTheConnectionsBudgetIsRefusedAndTakesNothing() {
        BodyBudget budget = new BodyBudget(1024 * KIB, 64 * KIB);
        BodyBuffer body = new BodyBuffer(budget, budget.connection(), -1, () -> { });

        body.append(Unpooled.wrappedBuffer(new byte[60 * KIB]));
        BodyBuffer.Outcome outcome = body.append(Unpooled.wrappedBuffer(new byte[8 * KIB]));

        assertThat(outcome).isEqualTo(BodyBuffer.Outcome.OVER_BUDGET);
        assertThat(budget.buffered()).isEqualTo(60 * KIB);
    }

    @Test
    void whenTheServersBudgetIsShortTheLargestBodyStillArrivingIsEvicted() {
        BodyBudget budget = new BodyBudget(256 * KIB, 1024 * KIB);
        AtomicInteger evictions = new AtomicInteger();
        BodyBuffer upload = new BodyBuffer(budget, budget.connection(), 20_000_000, evictions::incrementAndGet);
        upload.append(Unpooled.wrappedBuffer(new byte[256 * KIB]));
        upload.mayBeEvicted();
        BodyBuffer call = new BodyBuffer(budget, budget.connection(), 1000, () -> { });

        BodyBuffer.Outcome outcome = call.append(Unpooled.wrappedBuffer(new byte[1000]));
        upload.release(); // what its event loop does once it refused the upload

        assertThat(outcome).isEqualTo(BodyBuffer.Outcome.APPENDED);
        assertThat(evictions).hasValue(1);
        assertThat(upload.append(Unpooled.wrappedBuffer(new byte[1]))).isEqualTo(BodyBuffer.Outcome.RELEASED);
        assertThat(budget.buffered()).isEqualTo(1000);
    }

    @Test
    void aBodyIsNotEvictedForALargerOne() {
        BodyBudget budget = new BodyBudget(256 * KIB, 1024 * KIB);
        AtomicInteger evictions = new AtomicInteger();
        BodyBuffer small = new BodyBuffer(budget, budget.connection(), 20_000_000, evictions::incrementAndGet);
        small.append(Unpooled.wrappedBuffer(new byte[64 * KIB]));
        small.mayBeEvicted();
        BodyBuffer large = new BodyBuffer(budget, budget.connection(), 20_000_000, () -> { });
        large.append(Unpooled.wrappedBuffer(new byte[128 * KIB]));

        BodyBuffer.Outcome outcome = large.append(Unpooled.wrappedBuffer(new byte[128 * KIB]));

        assertThat(outcome).isEqualTo(BodyBuffer.Outcome.OVER_BUDGET);
        assertThat(evictions).hasValue(0);
    }
}
