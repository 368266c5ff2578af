package fr.caducee.rules.patients;

import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import fr.caducee.rules.Rule;

/**
 * How a professional's message closes its conversation with a patient. Two signals mean the same:
 * <ul>
 *   <li>the header {@code X-MSS-MES: FIN} (MSSanté référentiel #2), value case and spaces aside;</li>
 *   <li>a subject that begins with {@code [FIN]} (ANS's public FAQ for the citizen's messaging), letter case and
 *       leading spaces aside, whatever follows: {@code [FIN]}, {@code [FIN] Suivi terminé}. A {@code [FIN]} further in
 *       the subject does not close: {@code Re: [FIN] ...} is how a mail client titles a reply to a closing message,
 *       written without meaning to close anything again, and text inside a subject is the sender's prose.</li>
 * </ul>
 * A message that closes by its subject alone is given the header too, so that the patient's webmail and every
 * software downstream, which read the header, see the closing.
 */
final class ClosingMessage {
    static final String HEADER = "X-MSS-MES";
    static final String VALUE = "FIN";
    static final String SUBJECT_TOKEN = "[FIN]";

    /** The signal that closed, named as the audit trail's rule. */
    enum Signal {
        HEADER(Rule.X_MSS_MES_FIN),
        SUBJECT(Rule.SUBJECT_FIN);

        private final Rule rule;

        Signal(Rule rule) {
            this.rule = rule;
        }

        Rule rule() {
            return rule;
        }
    }

    private ClosingMessage() {
    }

    /** The signal by which the message closes its conversation, the header first; empty when it does not. */
    static Optional<Signal> of(MimeMessage message) throws MessagingException {
        String[] values = message.getHeader(HEADER);
        if (values != null) {
            for (String value : values) {
                if (VALUE.equalsIgnoreCase(value.strip())) {
                    return Optional.of(Signal.HEADER);
                }
            }
        }
        String subject = message.getSubject();
        if (subject != null && subject.stripLeading().regionMatches(true, 0, SUBJECT_TOKEN, 0, SUBJECT_TOKEN.length())) {
            return Optional.of(Signal.SUBJECT);
        }
        return Optional.empty();
    }

    /** Adds {@code X-MSS-MES: FIN} to a message that closes by its subject alone. */
    static void addHeader(MimeMessage message) throws MessagingException {
        message.addHeader(HEADER, VALUE);
    }
}
