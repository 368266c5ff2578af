package fr.caducee.server.imap;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;

import reactor.core.publisher.Mono;

/**
 * A command is looked at when its turn comes, not when it arrives: commands a client pipelines behind LOGIN (in the
 * same packet, {@code a LOGIN u p\r\nb SELECT INBOX\r\n}) run in the state LOGIN leaves.
 *
 * <p>James 3.8.1's channel handler asks the processors for a command's work as soon as the command is decoded, and
 * only then queues that work behind the command in flight; its processors check the session's state while building
 * the work ({@code AbstractMailboxProcessor.doProcess}). A SELECT pipelined behind LOGIN was therefore checked before
 * the login ran, and answered {@code NO SELECT failed. Command not valid in this state.} (3.9.0 queues the command
 * itself). Here the work is built when the queue starts it, unless the client has closed the connection meanwhile
 * ({@link ConnectionEnd}).
 */
final class CommandsInOrder implements ImapProcessor {
    private final ImapProcessor processors;

    CommandsInOrder(ImapProcessor processors) {
        this.processors = processors;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        return ConnectionEnd.run(message, session, () -> processors.processReactive(message, responder, session));
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }
}
