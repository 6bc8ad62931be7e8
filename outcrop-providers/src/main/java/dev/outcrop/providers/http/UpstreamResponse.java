package dev.outcrop.providers.http;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One response of {@link UpstreamHttpClient}: its status, then its body as the pieces the connection
 * read, in order, to one consumer thread. Reading pauses on the connection while more than
 * {@link #PAUSE_AT} pieces wait, so a slow consumer never makes the body pile up in memory.
 */
public final class UpstreamResponse implements AutoCloseable {
    static final int PAUSE_AT = 32;
    private static final int RESUME_AT = 4;
    private static final Object END = new Object();

    private final Channel channel;
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    /** Written before {@link #status} completes, read after. */
    private volatile String errorType;
    /** The headers Bedrock reports a plain answer's usage in, and the serving region an Outcrop upstream names. */
    static final java.util.List<String> KEPT_HEADERS = java.util.List.of("x-amzn-bedrock-input-token-count",
            "x-amzn-bedrock-output-token-count", "x-amzn-bedrock-cache-read-input-token-count",
            "x-amzn-bedrock-cache-write-input-token-count", "x-outcrop-served-region");
    /** Written before {@link #status} completes, read after. */
    private volatile java.util.Map<String, String> headers = java.util.Map.of();
    /** The exchange's one timer (see {@link #arm}); set and cancelled on the event loop only. */
    private ScheduledFuture<?> timer;
    private long progressDeadline;
    private long wholeDeadline;
    private volatile boolean progressed;
    private volatile boolean timedOut;
    private final LinkedBlockingQueue<Object> parts = new LinkedBlockingQueue<>();
    /** Written on the connection's event loop only; read by {@link #close()} too. */
    private volatile boolean complete;
    private boolean ended;
    private IOException failure;

    UpstreamResponse(Channel channel) {
        this.channel = channel;
    }

    /** The status code, once {@link UpstreamHttpClient#post} has returned the response. */
    public int status() {
        return status.getNow(0);
    }

    /** The connection it arrives on. */
    Channel channel() {
        return channel;
    }

    /**
     * Starts the exchange's limits, on the connection's event loop as its request is written. One timer a call,
     * set and cancelled by the loop itself: no task crosses threads for it, since timers set and cancelled from
     * the caller's thread were a visible share of the CPU a call (docs/benchmarks.md).
     */
    void arm(ExchangeLimits limits) {
        long now = System.nanoTime();
        progressDeadline = now + limits.firstProgress().toNanos();
        wholeDeadline = now + limits.whole().toNanos();
        timer = channel.eventLoop().schedule(this::deadline, Math.min(progressDeadline, wholeDeadline) - now,
                TimeUnit.NANOSECONDS);
    }

    /** The timer: a limit passed (the exchange stops), or the next one is due later. */
    private void deadline() {
        if (complete) {
            return;
        }
        long now = System.nanoTime();
        boolean wholeLimit = now - wholeDeadline >= 0;
        if (wholeLimit || (!progressed && now - progressDeadline >= 0)) {
            timedOut = true;
            if (status.completeExceptionally(new TimeoutException("no response within the "
                    + (wholeLimit ? "call's" : "first-progress") + " limit"))) {
                complete = true;
            }
            channel.close(); // a reader of the body sees it fail
            return;
        }
        long next = progressed ? wholeDeadline : Math.min(progressDeadline, wholeDeadline);
        timer = channel.eventLoop().schedule(this::deadline, next - now, TimeUnit.NANOSECONDS);
    }

    /** Marks the first useful part of the body as read: from then on only the whole exchange's limit applies. */
    public void progressed() {
        if (!progressed) {
            progressed = true;
        }
    }

    /** Whether the exchange was stopped because one of its {@linkplain ExchangeLimits limits} passed. */
    public boolean timedOut() {
        return timedOut;
    }

    /** Waits for the status line: {@link TimeoutException} once a limit passed without it. */
    void awaitHead() throws IOException, InterruptedException, TimeoutException {
        try {
            status.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException timedOut) {
                throw timedOut;
            }
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            close();
            throw e;
        }
    }

    /**
     * The next piece of the body, blocking until it arrives; {@code null} once the body has ended.
     *
     * @throws IOException when the connection failed or was {@linkplain #abort() aborted} first
     */
    public byte[] next() throws IOException, InterruptedException {
        if (ended) {
            if (failure != null) {
                throw failure;
            }
            return null;
        }
        Object part = parts.take();
        if (parts.size() <= RESUME_AT && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
        if (part == END) {
            ended = true;
            return null;
        }
        if (part instanceof IOException failed) {
            ended = true;
            failure = failed; // a later call fails the same way
            throw failed;
        }
        return (byte[]) part;
    }

    /** Stops the exchange from any thread: the connection closes, and {@link #next()} fails. */
    public void abort() {
        channel.eventLoop().execute(() -> {
            if (!complete) {
                channel.close();
            }
        });
    }

    /**
     * Called by the reader when done with the response: a body read to its end left its connection in the
     * pool already; one that was not is aborted (its connection cannot carry another exchange).
     */
    @Override
    public void close() {
        // A body that arrived whole (the reader stopped at the stream's last event, before its end) has
        // left the connection in the pool: nothing to stop, and no task for the event loop.
        if (!ended && !complete) {
            abort();
        }
    }

    // Called on the connection's event loop by ExchangeHandler.

    void head(int code, String errorType, io.netty.handler.codec.http.HttpHeaders headers) {
        this.errorType = errorType;
        java.util.Map<String, String> kept = java.util.Map.of();
        for (String name : KEPT_HEADERS) {
            String value = headers.get(name);
            if (value != null) {
                if (kept.isEmpty()) {
                    kept = new java.util.HashMap<>(4);
                }
                kept.put(name, value);
            }
        }
        this.headers = kept;
        status.complete(code);
    }

    /**
     * One of the headers a Bedrock upstream reports usage and routing in ({@link #KEPT_HEADERS}; others are not
     * kept), or null; once {@link UpstreamHttpClient#post} has returned the response.
     */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * The {@code x-amzn-ErrorType} header of the response (an AWS service names its error there), or null;
     * once {@link UpstreamHttpClient#post} has returned the response.
     */
    public String errorType() {
        return errorType;
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    void data(byte[] bytes) {
        parts.offer(bytes);
        if (parts.size() >= PAUSE_AT) {
            channel.config().setAutoRead(false);
        }
    }

    void end() {
        complete = true;
        cancelTimer();
        parts.offer(END);
    }

    void fail(IOException failure) {
        if (complete) {
            return;
        }
        complete = true;
        cancelTimer();
        status.completeExceptionally(failure);
        parts.offer(failure);
    }
}
