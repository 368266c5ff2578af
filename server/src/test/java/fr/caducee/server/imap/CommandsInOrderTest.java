package fr.caducee.server.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;

/** A command's work is built when the connection's queue starts it, after the commands before it are done. */
class CommandsInOrderTest {
    private final List<String> events = new ArrayList<>();

    /** As James's processors do: the session's state is read while the work is built. */
    private final ImapProcessor james = new ImapProcessor() {
        @Override
        public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
            events.add("built");
            return Mono.fromRunnable(() -> events.add("ran"));
        }

        @Override
        public void configure(ImapConfiguration imapConfiguration) {
        }
    };

    @Test
    void theWorkIsBuiltOnlyWhenItsTurnComes() {
        Mono<Void> queued = new CommandsInOrder(james).processReactive(mock(ImapMessage.class),
            mock(ImapProcessor.Responder.class), mock(ImapSession.class));
        events.add("login done");

        queued.block();

        assertThat(events).containsExactly("login done", "built", "ran");
    }
}
