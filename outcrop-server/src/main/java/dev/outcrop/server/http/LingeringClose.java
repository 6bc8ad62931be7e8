package dev.outcrop.server.http;

import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Ends a connection after an answer that ends it. An HTTP/1.1 connection stops writing and, for a short while,
 * reads and drops what the client still sends (a lingering close, as nginx's): a request refused before its body
 * was read leaves bytes in the socket, and closing it at once would reset the connection and destroy the answer
 * before the client reads it. The connection closes when the client does, or after {@link #LINGER}. An HTTP/2
 * stream is simply closed (reset).
 */
final class LingeringClose {
    static final Duration LINGER = Duration.ofSeconds(5);

    private LingeringClose() {}

    /** Whether {@code channel} no longer writes: its answer was the last. */
    static boolean ended(Channel channel) {
        return !channel.isActive() || channel instanceof DuplexChannel duplex && duplex.isOutputShutdown();
    }

    /** Closes {@code channel} once its last answer was written (call from the write's listener). */
    static void close(Channel channel) {
        if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            channel.close();
            return;
        }
        duplex.shutdownOutput().addListener(done -> {
            if (!done.isSuccess()) {
                channel.close();
                return;
            }
            channel.config().setAutoRead(true);
            channel.eventLoop().schedule(() -> channel.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        });
    }
}
