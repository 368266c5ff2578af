package fr.caducee.rules.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * What a rule writes about a message only once the message is accepted: a hook decides at the end of DATA (it may
 * still refuse), but its records (a conversation opened or closed, and their audit records) are written by
 * {@link SpoolingHandler} after the spool holds the message and before its {@code ACCEPTED} record, so that a
 * message refused later in the chain, or one the spool cannot take, leaves no trace of a conversation it never
 * started. One list per mail transaction.
 */
public final class OnAcceptance {
    private static final ProtocolSession.AttachmentKey<OnAcceptance> KEY =
        ProtocolSession.AttachmentKey.of("caducee.onAcceptance", OnAcceptance.class);

    /** A write to do once the message is held; it throws when its store is unavailable. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private record Pending(Action action, SmtpRefusal whenItFails) {
    }

    private final List<Pending> pending = new ArrayList<>();

    private OnAcceptance() {
    }

    /**
     * Adds a write for this transaction's message.
     *
     * @param whenItFails the refusal the client gets (the message withdrawn) when the write cannot be done
     */
    public static void add(SMTPSession session, SmtpRefusal whenItFails, Action action) {
        OnAcceptance list = session.getAttachment(KEY, ProtocolSession.State.Transaction).orElseGet(() -> {
            OnAcceptance created = new OnAcceptance();
            session.setAttachment(KEY, created, ProtocolSession.State.Transaction);
            return created;
        });
        list.pending.add(new Pending(action, whenItFails));
    }

    /**
     * Runs this transaction's writes in the order they were added, each once; the refusal of the first that fails,
     * whose cause is in {@code failure}, and empty when all were done.
     */
    public static Optional<SmtpRefusal> run(SMTPSession session, List<Exception> failure) {
        Optional<OnAcceptance> list = session.getAttachment(KEY, ProtocolSession.State.Transaction);
        session.removeAttachment(KEY, ProtocolSession.State.Transaction);
        if (list.isEmpty()) {
            return Optional.empty();
        }
        for (Pending write : list.get().pending) {
            try {
                write.action().run();
            } catch (Exception e) {
                failure.add(e);
                return Optional.of(write.whenItFails());
            }
        }
        return Optional.empty();
    }
}
