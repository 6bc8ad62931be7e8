package dev.outcrop.app;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.function.Supplier;

/**
 * The network transport of the server and of the upstream client: Linux's native epoll where Netty's
 * library for it loads (x86_64 and aarch64 Linux), Java NIO elsewhere. Epoll costs less CPU a call (fewer
 * system calls, no selected-key sets; docs/benchmarks.md, "Measurements behind the code").
 *
 * @param name what the start-up line calls it
 * @param ioHandlers a factory of event-loop I/O handlers (one per loop)
 * @param serverChannel the listening channel's class
 * @param clientChannel the upstream connections' class
 */
record NettyTransport(String name, Supplier<IoHandlerFactory> ioHandlers, Class<? extends ServerChannel> serverChannel,
                      Class<? extends SocketChannel> clientChannel) {
    static final NettyTransport EPOLL = new NettyTransport("epoll", EpollIoHandler::newFactory,
            EpollServerSocketChannel.class, EpollSocketChannel.class);
    static final NettyTransport NIO = new NettyTransport("nio", NioIoHandler::newFactory,
            NioServerSocketChannel.class, NioSocketChannel.class);

    /**
     * The event loops of a server: {@code threads} of them (0: one per core), serving both the listener's
     * connections and those to the model backends. One set for both sides keeps the busy threads to about one a
     * core: with a set each, four loops, two carriers of virtual threads and the ledger's writer took turns on
     * two cores, and a call cost more CPU (docs/benchmarks.md, "Measurements behind the code").
     */
    EventLoopGroup loops(int threads) {
        return new MultiThreadIoEventLoopGroup(threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("outcrop-io"), ioHandlers.get());
    }

    /** Epoll when it is available here, or NIO; {@code OUTCROP_TRANSPORT=nio} in {@code env} forces NIO. */
    static NettyTransport best(java.util.Map<String, String> env) {
        if ("nio".equalsIgnoreCase(env.get("OUTCROP_TRANSPORT"))) {
            return NIO;
        }
        return Epoll.isAvailable() ? EPOLL : NIO;
    }
}
