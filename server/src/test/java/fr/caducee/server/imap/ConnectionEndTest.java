package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imapserver.netty.NettyConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** A closed connection's pipelined commands are not run, and the session ends after the command running, not under it. */
class ConnectionEndTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ImapSession session = mock(ImapSession.class);
    private EmbeddedChannel channel;

    @BeforeEach
    void connect() {
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        when(session.getAttribute(anyString())).thenAnswer(call -> attributes.get(call.<String>getArgument(0)));
        doAnswer(call -> attributes.put(call.getArgument(0), call.getArgument(1)))
            .when(session).setAttribute(anyString(), any());
        when(session.logout()).thenReturn(Mono.fromRunnable(() -> events.add("logged out")));
        // Stands for James's handler, which logs the session out when it hears of the close.
        channel = new EmbeddedChannel(new ConnectionEnd(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                ctx.channel().attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).getAndSet(null).logout().subscribe();
            }
        });
        channel.attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).set(session);
    }

    @Test
    void aCommandPipelinedBeforeTheCloseIsNotRun() {
        Mono<Void> pipelined = command("FETCH", Mono.empty());

        channel.close();
        channel.runPendingTasks();
        pipelined.block();

        assertThat(events).containsExactly("logged out");
    }

    @Test
    void theSessionIsLoggedOutOnlyOnceTheCommandRunningHasFinished() {
        Sinks.Empty<Void> storing = Sinks.empty();
        command("STORE", storing.asMono()).subscribe();
        assertThat(events).containsExactly("STORE started");

        channel.close();
        channel.runPendingTasks();
        assertThat(events).containsExactly("STORE started");

        storing.tryEmitEmpty();
        channel.runPendingTasks();
        assertThat(events).containsExactly("STORE started", "STORE finished", "logged out");
    }

    @Test
    void aConnectionClosedWithNothingRunningEndsAtOnce() {
        command("NOOP", Mono.empty()).block();

        channel.close();
        channel.runPendingTasks();

        assertThat(events).containsExactly("NOOP started", "NOOP finished", "logged out");
    }

    private Mono<Void> command(String name, Mono<Void> work) {
        return ConnectionEnd.run(mock(ImapMessage.class), session, () -> {
            events.add(name + " started");
            return work.doOnSuccess(done -> events.add(name + " finished"));
        });
    }
}
