package dev.outcrop.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class of the end-to-end suite during which a virtual thread held its carrier for longer than
 * {@link #THRESHOLD} while it waited (JFR's {@code jdk.VirtualThreadPinned}): a native wait or a class
 * initializer that blocks on a call's thread would stall its event loop in production. Registered for every
 * class of this module through JUnit's extension auto-detection (see {@code junit-platform.properties}).
 * The threshold is far above a scheduling hiccup, so only a real wait trips it.
 */
public final class NoPinnedCallThreads implements BeforeAllCallback, AfterAllCallback {
    static final Duration THRESHOLD = Duration.ofMillis(250);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoPinnedCallThreads.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("watch", new PinnedCarrierWatch(THRESHOLD));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try (PinnedCarrierWatch watch = context.getStore(NAMESPACE).remove("watch", PinnedCarrierWatch.class)) {
            assertThat(watch.stop()).as("virtual threads that held their carrier for more than %s", THRESHOLD)
                    .isEmpty();
        }
    }
}
