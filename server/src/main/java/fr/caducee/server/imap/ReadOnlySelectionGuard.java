package fr.caducee.server.imap;

import javax.inject.Inject;

import org.apache.james.imap.api.ImapConfiguration;
import org.apache.james.imap.api.ImapMessage;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.BodyFetchElement;
import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.CloseRequest;
import org.apache.james.imap.message.request.ExamineRequest;
import org.apache.james.imap.message.request.ExpungeRequest;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.request.MoveRequest;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;

import fr.caducee.audit.AuditTrail;
import fr.caducee.rules.Rule;
import reactor.core.publisher.Mono;

/**
 * A mailbox opened with EXAMINE stays read-only, as RFC 3501 (6.3.2) requires: "no changes to the permanent state of
 * the mailbox".
 *
 * <p>James 3.8.1 answers EXAMINE with {@code [READ-ONLY]} but does not remember it: STORE, EXPUNGE and MOVE then
 * change the mailbox, and CLOSE expunges it, removing every message another client had only marked {@code \Deleted}
 * (RFC 3501 6.4.2: "no messages are removed ... if the mailbox is selected by an EXAMINE command"). The soak test
 * found it: a reader that examined the INBOX and closed it removed the messages another session was expunging, and
 * the two expunges deadlocked in the database. Here the selection an EXAMINE made is remembered in the session;
 * while it is the selected mailbox, STORE, EXPUNGE and MOVE are refused with {@code NO [READ-ONLY]}, each refusal
 * in the audit trail, and CLOSE deselects without expunging. A later SELECT makes another selection, which is
 * writable again.
 * <p>Reading changes nothing either: James 3.8.1 sets {@code \Seen} on a FETCH of {@code BODY[]} or {@code RFC822}
 * in an examined mailbox too (a mail client reading read-only marked the patient's messages read for the webmail and
 * every other client), so such a FETCH is run as its {@code BODY.PEEK[]} form.
 */
public final class ReadOnlySelectionGuard implements ImapProcessor {
    /** The {@link SelectedMailbox} an EXAMINE made, in the session's attributes. */
    static final String EXAMINED = "caducee.imap.examined";
    static final HumanReadableText READ_ONLY = new HumanReadableText("caducee.imap.READ_ONLY",
        "refused: the mailbox was opened with EXAMINE and is read-only; SELECT it to change flags or remove messages");

    static final Rule RULE = Rule.IMAP_READ_ONLY;

    private final ImapProcessor processors;
    private final StatusResponseFactory responses;
    private final AuditedCommandRefusals refusals;

    @Inject
    public ReadOnlySelectionGuard(SessionViews processors, UnpooledStatusResponseFactory responses, AuditTrail trail) {
        this.processors = processors;
        this.responses = responses;
        this.refusals = new AuditedCommandRefusals(trail);
    }

    @Override
    public Mono<Void> processReactive(ImapMessage message, Responder responder, ImapSession session) {
        if (session.getAttribute(EXAMINED) != null && !examined(session)) {
            // Left by CLOSE, UNSELECT or SELECT: let that selection go.
            session.setAttribute(EXAMINED, null);
        }
        if (message instanceof ExamineRequest) {
            SelectedMailbox before = session.getSelected();
            return processors.processReactive(message, responder, session)
                .then(Mono.fromRunnable(() -> {
                    // Only an EXAMINE that opened a mailbox: a failed one leaves nothing read-only.
                    SelectedMailbox after = session.getSelected();
                    if (after != null && after != before) {
                        session.setAttribute(EXAMINED, after);
                    }
                }));
        }
        if (!examined(session)) {
            return processors.processReactive(message, responder, session);
        }
        if (message instanceof CloseRequest close) {
            return session.deselect()
                .then(Mono.fromRunnable(() -> {
                    session.setAttribute(EXAMINED, null);
                    responder.respond(responses.taggedOk(close.getTag(), close.getCommand(),
                        HumanReadableText.COMPLETED));
                }));
        }
        if (message instanceof StoreRequest || message instanceof ExpungeRequest || message instanceof MoveRequest) {
            ImapRequest request = (ImapRequest) message;
            return Mono.fromRunnable(() -> {
                responder.respond(responses.taggedNo(request.getTag(), request.getCommand(), READ_ONLY,
                    StatusResponse.ResponseCode.readOnly()));
                refusals.refused(session, RULE, "NO [READ-ONLY] " + request.getCommand().getName() + " "
                    + READ_ONLY.getDefaultValue());
            });
        }
        if (message instanceof FetchRequest fetch && fetch.getFetch().isSetSeen()) {
            return processors.processReactive(peeking(fetch), responder, session);
        }
        return processors.processReactive(message, responder, session);
    }

    /**
     * The same FETCH with every section read as {@code BODY.PEEK[]}, so that no {@code \Seen} is set. Built item by
     * item, as {@link FetchConformance} builds its own: James's {@code FetchData.Builder.from} would add MODSEQ.
     */
    static FetchRequest peeking(FetchRequest fetch) {
        FetchData data = fetch.getFetch();
        FetchData.Builder builder = FetchData.builder();
        for (FetchData.Item item : FetchData.Item.values()) {
            if (data.contains(item)) {
                builder.fetch(item);
            }
        }
        if (data.getChangedSince() != -1) {
            builder.changedSince(data.getChangedSince());
        }
        builder.vanished(data.getVanished());
        for (BodyFetchElement element : data.getBodyElements()) {
            builder.add(element, true);
        }
        return new FetchRequest(fetch.isUseUids(), fetch.getIdSet(), builder.build(), fetch.getTag());
    }

    /** The selected mailbox is the one an EXAMINE opened (a SELECT since then made another one). */
    private static boolean examined(ImapSession session) {
        SelectedMailbox selected = session.getSelected();
        return selected != null && selected == session.getAttribute(EXAMINED);
    }

    @Override
    public void configure(ImapConfiguration imapConfiguration) {
        processors.configure(imapConfiguration);
    }
}
