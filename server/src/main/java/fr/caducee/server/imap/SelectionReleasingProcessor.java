package fr.caducee.server.imap;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * James's IMAP processors, with every mailbox a command leaves released.
 *
 * <p>In James 3.8.1 {@code CLOSE}, {@code UNSELECT} and deleting the selected mailbox forget the selected mailbox
 * without deselecting it: it stays registered on the event bus, with the session it belongs to, and from then on
 * adds the UID of every message delivered to that mailbox to its tables. A client that polls with SELECT, CLOSE,
 * LOGOUT leaves one such session behind per poll, until the heap runs out (the soak test's first run, 33 minutes).
 * After each command, a mailbox that was selected before it and is no longer the selected one is deselected here.
 * Deselecting twice is harmless (SELECT of another mailbox and LOGOUT already did it), so no command is singled out.
 */
public final class SelectionReleasingProcessor implements ImapProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(SelectionReleasingProcessor.class);

    private final ImapProcessor processors;

    /** James's processors, behind the guard that keeps examined mailboxes read-only. */
    @Inject
    public SelectionReleasingProcessor(ReadOnlySelectionGuard processors) {
        this((ImapProcessor) processors);
    }

    SelectionReleasingProcessor(ImapProcessor processors) {
        this.processors = processors;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        SelectedMailbox before = session.getSelected();
        if (before == null) {
            return processors.processReactive(message, responder, session);
        }
        // Released however the command ends: completed, failed, or cancelled because the connection closed.
        return Mono.usingWhen(Mono.just(before),
            selected -> processors.processReactive(message, responder, session),
            selected -> releaseIfLeft(selected, session),
            (selected, error) -> releaseIfLeft(selected, session),
            selected -> releaseIfLeft(selected, session));
    }

    /**
     * Started, not waited for: the command completes as James would have it complete. James closes the connection
     * when a command completes while the session is logging out; had the command waited for the release, the
     * client's next command, a LOGOUT, could start before, and its BYE be cut off by that close.
     */
    private static Mono<Void> releaseIfLeft(SelectedMailbox before, ImapSession session) {
        if (session.getSelected() != before) {
            before.deselect().subscribe(done -> { }, error ->
                LOGGER.warn("Could not release mailbox {} left by an IMAP session", before.getMailboxId(), error));
        }
        return Mono.empty();
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }
}
