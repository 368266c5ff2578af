package fr.caducee.server.webmail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.net.ssl.SSLSocketFactory;

import org.apache.james.mailbox.exception.MailboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.rules.Rule;
import fr.caducee.server.submission.LoopbackSubmission;
import fr.caducee.server.submission.SingleUseTickets;
import fr.caducee.server.submission.SubmissionEndpoint;
import fr.caducee.webmail.port.Outbox;
import fr.caducee.webmail.port.Outgoing;
import fr.caducee.webmail.port.SendOutcome;
import fr.caducee.webmail.port.Viewer;

/**
 * Sends what a patient wrote in the webmail through the server's own submission listener, as the open box
 * ({@link LoopbackSubmission}: over TLS on loopback, logged in with a single-use ticket, one connection per message):
 * the message meets the very chain an SMTP client meets, and is audited by it. A refusal comes back as the chain gave
 * it, with its rule id; a listener that cannot be reached or does not answer in time is "try again later", and nothing
 * was sent. After the {@code 250}, the message is kept in the box's {@value SentFolder#NAME} folder, seen.
 */
public class SubmissionOutbox implements Outbox {
    private static final Logger LOGGER = LoggerFactory.getLogger(SubmissionOutbox.class);
    /** The chain reads the message and may ask the directory and the database: give it time. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    static final String UNAVAILABLE_REPLY = "451 4.3.0";
    static final String UNAVAILABLE_SENTENCE = "Votre message n'a pas été envoyé : le service d'envoi ne répond pas "
        + "pour le moment. Réessayez dans quelques minutes.";

    private final LoopbackSubmission submission;
    private final OutgoingMessage messages;
    private final SentFolder sent;

    /** @param helloName the name the outbox greets the listener with (EHLO), the server's domain */
    SubmissionOutbox(Supplier<Optional<SubmissionEndpoint>> endpoint, SSLSocketFactory tls, SingleUseTickets tickets,
                     OutgoingMessage messages, SentFolder sent, String helloName) {
        this(endpoint, tls, tickets, messages, sent, helloName, ANSWER_TIMEOUT);
    }

    SubmissionOutbox(Supplier<Optional<SubmissionEndpoint>> endpoint, SSLSocketFactory tls, SingleUseTickets tickets,
                     OutgoingMessage messages, SentFolder sent, String helloName, Duration answerTimeout) {
        this.submission = new LoopbackSubmission(endpoint, tls, tickets, helloName, answerTimeout, false);
        this.messages = messages;
        this.sent = sent;
    }

    @Override
    public SendOutcome send(Viewer viewer, Outgoing outgoing) {
        OutgoingMessage.Built built;
        try {
            built = messages.build(Session.getInstance(new Properties()), viewer, outgoing);
        } catch (MessagingException e) {
            // A recipient that is no address at all: the form was edited; the chain would refuse it as malformed.
            return new SendOutcome.Refused(Rule.RECIPIENT_MALFORMED.reply() + " " + Rule.RECIPIENT_MALFORMED.code(),
                Rule.RECIPIENT_MALFORMED.id(), "Une adresse de destinataire n'est pas valide : " + e.getMessage());
        }
        LoopbackSubmission.Result result = submission.submit(viewer.boxAddress(), built.message(), built.recipients());
        if (result instanceof LoopbackSubmission.Result.Refused refused) {
            // A temporary refusal no rule of the catalogue is alone to give: the send is unavailable for now.
            String rule = refused.rule().isEmpty() && refused.temporary() ? Rule.WEBMAIL_SEND_UNAVAILABLE.id()
                : refused.rule();
            return new SendOutcome.Refused(refused.reply(), rule, refused.sentence());
        }
        if (result instanceof LoopbackSubmission.Result.Unavailable) {
            return unavailable();
        }
        keepSent(viewer.boxAddress(), built);
        return new SendOutcome.Sent(built.messageId());
    }

    private void keepSent(String box, OutgoingMessage.Built built) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            built.message().writeTo(bytes);
            sent.keep(box, bytes.toByteArray());
        } catch (MailboxException | MessagingException | IOException | RuntimeException e) {
            // Sent all the same: the copy is the patient's own record, the professional has the message.
            LOGGER.error("Message {} of {} was sent, but its copy could not be kept in {}", built.messageId(), box,
                SentFolder.NAME, e);
        }
    }

    private static SendOutcome.Refused unavailable() {
        return new SendOutcome.Refused(UNAVAILABLE_REPLY, Rule.WEBMAIL_SEND_UNAVAILABLE.id(), UNAVAILABLE_SENTENCE);
    }
}
