package dev.outcrop.providers.http;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
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
    /** The timer of {@link #limitHead}: set before the request is written, cancelled on the event loop. */
    private volatile ScheduledFuture<?> headLimit;
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

    /**
     * Fails the wait for the status line if it has not arrived within {@code timeout}: a timer of the
     * connection's event loop, cancelled there when the head arrives (a timed wait of a virtual thread would
     * wake the JDK's delay scheduler twice a call).
     */
    void limitHead(Duration timeout) {
        headLimit = channel.eventLoop().schedule(() -> {
            if (status.completeExceptionally(new TimeoutException("no response within " + timeout.toMillis() + " ms"))) {
                complete = true;
                channel.close();
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Waits for the status line: {@link TimeoutException} once the {@linkplain #limitHead limit} passed. */
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

    /**
     * Runs {@code task} on the connection's event loop after {@code delay} unless cancelled first: a call's
     * deadlines, kept by the loop that serves its connection rather than by a timer thread of their own.
     */
    public Future<?> schedule(Runnable task, Duration delay) {
        return channel.eventLoop().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
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

    void head(int code) {
        cancelHeadLimit();
        status.complete(code);
    }

    private void cancelHeadLimit() {
        ScheduledFuture<?> limit = headLimit;
        if (limit != null) {
            limit.cancel(false);
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
        parts.offer(END);
    }

    void fail(IOException failure) {
        if (complete) {
            return;
        }
        complete = true;
        cancelHeadLimit();
        status.completeExceptionally(failure);
        parts.offer(failure);
    }
}
