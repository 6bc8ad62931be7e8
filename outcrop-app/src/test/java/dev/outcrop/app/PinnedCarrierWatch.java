package dev.outcrop.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingStream;

/**
 * Records, through JFR's {@code jdk.VirtualThreadPinned} event, every time a virtual thread of this JVM held its
 * carrier while it waited for longer than a threshold. Calls run on virtual threads carried by the connections'
 * event loops, so such a wait stalls every connection of that loop.
 */
final class PinnedCarrierWatch implements AutoCloseable {
    private static final String EVENT = "jdk.VirtualThreadPinned";
    /** How {@code CallThreads} names the threads that answer requests; tests' and clients' own threads may wait. */
    static final String CALL_THREAD_PREFIX = "outcrop-request-";
    private final RecordingStream stream = new RecordingStream();
    private final List<String> pinned = new ArrayList<>();
    private final Duration threshold;

    PinnedCarrierWatch(Duration threshold) {
        this.threshold = threshold;
        stream.enable(EVENT).withThreshold(threshold).withStackTrace();
        stream.onEvent(EVENT, this::record);
        stream.startAsync();
    }

    private synchronized void record(RecordedEvent event) {
        if (event.getDuration().compareTo(threshold) < 0) {
            return; // JFR applies the lowest threshold of all recordings that run at once
        }
        String thread = event.getThread() == null ? null : event.getThread().getJavaName();
        if (thread == null || !thread.startsWith(CALL_THREAD_PREFIX)) {
            return;
        }
        StringBuilder where = new StringBuilder(thread + ": " + event.getDuration().toMillis() + " ms pinned");
        if (event.getStackTrace() != null) {
            for (RecordedFrame frame : event.getStackTrace().getFrames().subList(0,
                    Math.min(12, event.getStackTrace().getFrames().size()))) {
                where.append("\n    at ").append(frame.getMethod().getType().getName()).append('.')
                        .append(frame.getMethod().getName()).append(':').append(frame.getLineNumber());
            }
        }
        pinned.add(where.toString());
    }

    /** Stops the recording once every event recorded so far was seen, and says what pinned. */
    List<String> stop() {
        stream.stop();
        synchronized (this) {
            return List.copyOf(pinned);
        }
    }

    @Override
    public void close() {
        stream.close();
    }
}
