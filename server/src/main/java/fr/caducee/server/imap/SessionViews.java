package fr.caducee.server.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.events.EventBus;
import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapConstants;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.AbstractMailboxSelectionRequest;
import org.apache.james.imap.message.response.ExistsResponse;
import org.apache.james.imap.message.response.ExpungeResponse;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.message.response.FlagsResponse;
import org.apache.james.imap.message.response.RecentResponse;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.apache.james.imap.processor.EnableProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * Gives every IMAP session a {@link SessionView} of the mailbox it selects, in place of James's selection, and keeps
 * the keywords it shows in FETCH responses announced in FLAGS first.
 *
 * <p>SELECT and EXAMINE run as James has them, their answers held; once James has selected the mailbox, a
 * {@link SessionView} takes over from James's selection, and the held EXISTS and RECENT are written with the view's
 * counts, which the session's sequence numbers then follow. A SELECT of the mailbox already selected starts a new
 * view (James would keep the old one and answer EXISTS from the database, ahead of the sequence numbers it knows).
 *
 * <p>A keyword set by another session can reach a FETCH answer before its event reaches this session (RFC 9051
 * 7.3.1: a client may only see keywords FLAGS listed): a FETCH answer holding a keyword the session has not written
 * in a FLAGS response is preceded by FLAGS and PERMANENTFLAGS with it.
 */
public final class SessionViews implements ImapProcessor {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionViews.class);

    private final ImapProcessor processors;
    private final StatusResponseFactory responses;
    private final MailboxManager mailboxManager;
    private final EventBus eventBus;
    private final RecentClaims claims;

    @Inject
    public SessionViews(SortAndThread processors, UnpooledStatusResponseFactory responses,
                        MailboxManager mailboxManager, EventBus eventBus, RecentClaims claims) {
        this((ImapProcessor) processors, responses, mailboxManager, eventBus, claims);
    }

    SessionViews(ImapProcessor processors, StatusResponseFactory responses, MailboxManager mailboxManager,
                 EventBus eventBus, RecentClaims claims) {
        this.processors = processors;
        this.responses = responses;
        this.mailboxManager = mailboxManager;
        this.eventBus = eventBus;
        this.claims = claims;
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        Responder announcing = new KeywordsAnnounced(responder, session);
        if (!(message instanceof AbstractMailboxSelectionRequest)) {
            return processors.processReactive(message, announcing, session);
        }
        return leaveSelection(session, announcing)
            .then(Mono.defer(() -> select(message, announcing, session)));
    }

    private Mono<Void> leaveSelection(ImapSession session, Responder responder) {
        if (session.getSelected() == null) {
            return Mono.empty();
        }
        if (EnableProcessor.getEnabledCapabilities(session).contains(ImapConstants.SUPPORTS_QRESYNC)) {
            // RFC 7162 3.2.11: the mailbox left is closed, as James says when it selects another one.
            responder.respond(responses.untaggedOk(HumanReadableText.QRESYNC_CLOSED,
                StatusResponse.ResponseCode.closed()));
        }
        return session.deselect();
    }

    private Mono<Void> select(ImapMessage message, Responder responder, ImapSession session) {
        List<ImapResponseMessage> held = new ArrayList<>();
        Responder holding = new Responder() {
            @Override
            public void respond(ImapResponseMessage answer) {
                synchronized (held) {
                    held.add(answer);
                }
            }

            @Override
            public void flush() {
                // Written when the view has taken over.
            }
        };
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                release(held, responder, session);
            }
        };
        // Written before the command completes: the next command starts as soon as it has.
        return processors.processReactive(message, holding, session)
            .then(Mono.defer(() -> takeOver(session)))
            .onErrorResume(error -> {
                LOGGER.warn("IMAP session left on James's selection of its mailbox", error);
                return Mono.empty();
            })
            .then(Mono.<Void>fromRunnable(release))
            .doOnCancel(release);
    }

    private Mono<Void> takeOver(ImapSession session) {
        SelectedMailbox james = session.getSelected();
        if (james == null || james instanceof SessionView) {
            return Mono.empty();
        }
        SessionView view = new SessionView(mailboxManager, james.getMessageManager(), session.getMailboxSession(),
            claims);
        return view.takeOver(eventBus, james)
            // James's selection stops listening as it is closed.
            .then(Mono.defer(() -> session.selected(view)));
    }

    private static void release(List<ImapResponseMessage> held, Responder responder, ImapSession session) {
        SelectedMailbox selected = session.getSelected();
        List<ImapResponseMessage> answers;
        synchronized (held) {
            answers = List.copyOf(held);
        }
        for (ImapResponseMessage answer : answers) {
            if (selected instanceof SessionView view && answer instanceof ExistsResponse) {
                responder.respond(new ExistsResponse(view.existsCount()));
            } else if (selected instanceof SessionView view && answer instanceof RecentResponse) {
                responder.respond(new RecentResponse(view.recentCount()));
            } else {
                responder.respond(answer);
            }
        }
        responder.flush();
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }

    /**
     * Writes FLAGS before a FETCH answer showing a keyword the client was not told of, and an EXISTS after the
     * EXPUNGEs James writes just behind it (Dovecot's order, which imaptest's {@code move} expects: a message moved to
     * its own mailbox leaves, then comes back), with the count the expunges leave.
     */
    private final class KeywordsAnnounced implements Responder {
        private final Responder client;
        private final ImapSession session;
        private ExistsResponse exists;
        private int expunged;

        KeywordsAnnounced(Responder client, ImapSession session) {
            this.client = client;
            this.session = session;
        }

        @Override
        public synchronized void respond(ImapResponseMessage answer) {
            if (answer instanceof ExistsResponse count) {
                releaseExists();
                exists = count;
                return;
            }
            if (exists != null && answer instanceof ExpungeResponse) {
                expunged++;
                client.respond(answer);
                return;
            }
            releaseExists();
            if (session.getSelected() instanceof SessionView view) {
                if (answer instanceof FlagsResponse flags) {
                    view.announcedFlags(flags.getFlags());
                } else if (answer instanceof FetchResponse fetch && fetch.getFlags() != null) {
                    view.unannouncedKeywords(fetch.getFlags()).ifPresent(applicable -> announce(view, applicable));
                }
            }
            client.respond(answer);
        }

        private void announce(SessionView view, Flags applicable) {
            client.respond(new FlagsResponse(applicable));
            view.announcedFlags(applicable);
            Flags permanent = view.getMessageManager().getPermanentFlags(session.getMailboxSession());
            if (permanent.contains(Flags.Flag.USER)) {
                permanent.add(applicable);
            }
            client.respond(responses.untaggedOk(HumanReadableText.permanentFlags(permanent),
                StatusResponse.ResponseCode.permanentFlags(permanent)));
        }

        private void releaseExists() {
            if (exists != null) {
                client.respond(new ExistsResponse(exists.getNumberOfMessages() - expunged));
                exists = null;
                expunged = 0;
            }
        }

        @Override
        public synchronized void flush() {
            releaseExists();
            client.flush();
        }
    }
}
