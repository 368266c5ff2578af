package fr.caducee.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.EventLoopGroup;

/**
 * The event loops of one SMTP or IMAP listener, shut down with a short quiet period when the listener stops.
 *
 * <p>James stops each listener with Netty's default graceful shutdown, which waits for two seconds without a new task
 * on its loops before it ends them, one listener after the other: ten seconds of a stop for five idle listeners. The
 * quiet period protects nothing in flight: a loop closes every connection it serves as soon as its shutdown begins,
 * and an SMTP client that did not read its 250 sends the mail again (what it did read is in the durable spool). So
 * the loops are asked to stop first with a short quiet period; James's own call that follows finds them stopping
 * and waits for the same end (Netty keeps the first call's periods).
 */
public final class ListenerShutdown {
    static final Duration QUIET_PERIOD = Duration.ofMillis(50);
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final List<EventLoopGroup> groups = new ArrayList<>();

    /** Called from the server's {@code configureBootstrap}: the loops James made for this listener. */
    public synchronized void remember(ServerBootstrap bootstrap) {
        EventLoopGroup boss = bootstrap.config().group();
        EventLoopGroup workers = bootstrap.config().childGroup();
        if (boss != null) {
            groups.add(boss);
        }
        if (workers != null && workers != boss) {
            groups.add(workers);
        }
    }

    /** Called from the server's {@code unbind}, before James's: starts the shutdown of every loop, all at once. */
    public synchronized void begin() {
        groups.forEach(group -> group.shutdownGracefully(QUIET_PERIOD.toMillis(), TIMEOUT.toMillis(),
            TimeUnit.MILLISECONDS));
        groups.clear();
    }
}
