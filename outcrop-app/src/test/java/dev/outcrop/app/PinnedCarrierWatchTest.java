package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinnedCarrierWatchTest {
    /** Its initializer waits: a virtual thread running it cannot unmount, so it pins its carrier. */
    static final class SlowToInitialize {
        static final long LOADED;

        static {
            try {
                Thread.sleep(150); // under NoPinnedCallThreads.THRESHOLD, over this test's own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOADED = System.nanoTime();
        }
    }

    /** The same wait, for a thread that is not a call's. */
    static final class AlsoSlowToInitialize {
        static final long LOADED;

        static {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOADED = System.nanoTime();
        }
    }

    @Test
    void aCallThreadThatWaitsWhilePinnedIsReported() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "JDK 24+ reports a wait in a class initializer as pinned");
        try (PinnedCarrierWatch watch = new PinnedCarrierWatch(Duration.ofMillis(100))) {
            Thread.ofVirtual().name(PinnedCarrierWatch.CALL_THREAD_PREFIX + "test")
                    .start(() -> assertThat(SlowToInitialize.LOADED).isPositive()).join();

            List<String> pinned = watch.stop();

            assertThat(pinned).hasSize(1);
            assertThat(pinned.getFirst()).contains("ms pinned");
        }
    }

    @Test
    void aThreadOfTheTestOrAClientThatWaitsWhilePinnedIsNotACallsAndNotReported() throws Exception {
        assumeTrue(Runtime.version().feature() >= 24, "JDK 24+ reports a wait in a class initializer as pinned");
        try (PinnedCarrierWatch watch = new PinnedCarrierWatch(Duration.ofMillis(100))) {
            Thread.ofVirtual().name("client-").start(() -> assertThat(AlsoSlowToInitialize.LOADED).isPositive()).join();

            assertThat(watch.stop()).isEmpty();
        }
    }

    @Test
    void aVirtualThreadThatWaitsUnpinnedIsNotReported() throws Exception {
        try (PinnedCarrierWatch watch = new PinnedCarrierWatch(Duration.ofMillis(100))) {
            Thread.ofVirtual().name(PinnedCarrierWatch.CALL_THREAD_PREFIX + "test").start(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).join();

            assertThat(watch.stop()).isEmpty();
        }
    }
}
