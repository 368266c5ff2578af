package fr.caducee.server.imap;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.function.Supplier;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.request.IdleRequest;
import org.apache.james.imapserver.netty.NettyConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.Attribute;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * When a client closes its connection, the commands it sent that have not started are not run, and its session is
 * logged out (its mailbox deselected) once the command running has ended, not under it.
 *
 * <p>James 3.8.1 logs the session out as soon as the connection closes: the selected mailbox becomes null and its
 * view forgets its sequence numbers while the command running, and those the client pipelined behind it, still run
 * (James cancels only the last command read, and not even that one once another has completed). They failed on the
 * missing selection ({@code NullPointerException} in {@code AbstractMailboxProcessor.msnlowValToUid}, in {@code
 * StoreProcessor}'s own failure log), each logged at ERROR as "Unexpected error during IMAP processing" (imaptest
 * closes a client's connection after an answer it cannot reconcile, and at the end of a run, commands pipelined).
 *
 * <p>This handler sits just in front of James's: as the close goes by, it hands James a session whose logout waits
 * for the command running to end, for at most {@link #LONGEST_WAIT} (IDLE waits for its client: it is not counted).
 */
final class ConnectionEnd extends ChannelInboundHandlerAdapter {
    static final String NAME = "connectionEnd";
    static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
    private static final Logger LOGGER = LoggerFactory.getLogger(ConnectionEnd.class);
    private static final String ATTRIBUTE = ConnectionEnd.class.getName();

    /** Runs the command unless the connection has closed; the session's logout waits for it. */
    static Mono<Void> run(ImapMessage message, ImapSession session, Supplier<Mono<Void>> command) {
        if (message instanceof IdleRequest) {
            return Mono.defer(command);
        }
        Commands commands = commands(session);
        return Mono.defer(() -> commands.start() ? command.get().doFinally(signal -> commands.end()) : Mono.empty());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Attribute<ImapSession> attribute = ctx.channel().attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY);
        ImapSession session = attribute.get();
        if (session != null) {
            attribute.set(loggedOutAfterItsCommand(session));
        }
        super.channelInactive(ctx);
    }

    /** The same session, but for its logout, which first waits for the command running. */
    private static ImapSession loggedOutAfterItsCommand(ImapSession session) {
        Commands commands = commands(session);
        return (ImapSession) Proxy.newProxyInstance(ImapSession.class.getClassLoader(),
            new Class<?>[] {ImapSession.class}, (proxy, method, arguments) -> {
                if (method.getName().equals("logout") && method.getParameterCount() == 0) {
                    return commands.closed()
                        .timeout(LONGEST_WAIT, Mono.fromRunnable(() -> LOGGER.info(
                            "IMAP connection closed {} s ago, its command still running: the session ends under it",
                            LONGEST_WAIT.toSeconds())))
                        .then(Mono.defer(session::logout));
                }
                try {
                    return method.invoke(session, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    private static Commands commands(ImapSession session) {
        synchronized (ConnectionEnd.class) {
            Object commands = session.getAttribute(ATTRIBUTE);
            if (commands instanceof Commands known) {
                return known;
            }
            Commands created = new Commands();
            session.setAttribute(ATTRIBUTE, created);
            return created;
        }
    }

    /** The commands of one connection: whether it has closed, and how many are running. */
    private static final class Commands {
        private final Sinks.Empty<Void> done = Sinks.empty();
        private boolean closed;
        private int running;

        synchronized boolean start() {
            if (closed) {
                return false;
            }
            running++;
            return true;
        }

        void end() {
            synchronized (this) {
                running--;
                if (running > 0 || !closed) {
                    return;
                }
            }
            done.tryEmitEmpty();
        }

        /** Marks the connection closed: completes once no command runs. */
        Mono<Void> closed() {
            synchronized (this) {
                closed = true;
                if (running > 0) {
                    return done.asMono();
                }
            }
            done.tryEmitEmpty();
            return done.asMono();
        }
    }
}
