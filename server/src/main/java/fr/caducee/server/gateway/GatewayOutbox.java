package fr.caducee.server.gateway;

import java.io.ByteArrayInputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.mail.smtp.SMTPMessage;

import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.port.Outbox;
import fr.caducee.gateway.port.PlannedMail;
import fr.caducee.gateway.port.SubmissionResult;
import fr.caducee.server.submission.LoopbackSubmission;

/**
 * The gateway's mails through the server's own submission chain ({@link LoopbackSubmission}, connections kept open),
 * as the hospital's box, one recipient each. Each mail is registered in {@code gateway_mail} before it is submitted,
 * and marked with the chain's answer after: a mail registered and accepted before is not submitted again (the same
 * HL7 message handled again after a crash); a mail submitted but not marked (a crash between the {@code 250} and the
 * mark) is submitted again under the same Message-ID, and the spool's first mailet ({@link GatewayDuplicates}) lets
 * only the first copy through. A {@code 5xx} is the mail's outcome, kept; the database or the listener unreachable,
 * or a {@code 4xx}, make the HL7 message answered {@code AR}.
 */
public final class GatewayOutbox implements Outbox {
    private static final Logger LOGGER = LoggerFactory.getLogger(GatewayOutbox.class);
    /** The refusal as kept: {@code 550 5.7.1 rule-id: sentence} ({@link SubmissionResult.Refused#toString()}). */
    private static final Pattern KEPT_REFUSAL = Pattern.compile(
        "([2-5][0-9]{2}(?: [245]\\.[0-9]{1,3}\\.[0-9]{1,3})?) (\\S*): (.*)", Pattern.DOTALL);

    private final GatewayMails mails;
    private final LoopbackSubmission submission;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());

    public GatewayOutbox(GatewayMails mails, LoopbackSubmission submission, Clock clock) {
        this.mails = mails;
        this.submission = submission;
        this.clock = clock;
    }

    @Override
    public SubmissionResult send(PlannedMail mail) throws DependencyUnavailableException {
        GatewayMails.State state;
        try {
            state = mails.register(mail, clock.instant());
        } catch (SQLException e) {
            throw new DependencyUnavailableException("the database cannot be reached", e);
        }
        if (state.submittedAt().isPresent()) {
            return new SubmissionResult.Accepted(true);
        }
        if (state.refused().isPresent()) {
            Optional<SubmissionResult.Refused> kept = kept(state.refused().get());
            if (kept.isPresent()) {
                return kept.get();
            }
        }
        LoopbackSubmission.Result result = submission.submit(mail.from().address(), message(mail),
            List.of(recipient(mail)));
        try {
            if (result instanceof LoopbackSubmission.Result.Accepted) {
                mails.submitted(mail.messageId(), clock.instant());
                return new SubmissionResult.Accepted(false);
            }
            if (result instanceof LoopbackSubmission.Result.Refused refused && !refused.temporary()) {
                SubmissionResult.Refused outcome = new SubmissionResult.Refused(refused.reply(), refused.rule(),
                    refused.sentence());
                mails.refused(mail.messageId(), outcome.toString());
                LOGGER.info("Gateway: mail {} of {} to {} refused by the chain: {}", mail.messageId(), mail.from(),
                    mail.recipient(), outcome);
                return outcome;
            }
        } catch (SQLException e) {
            // Submitted (or refused) but not marked: handled again, the same Message-ID is recognised in the spool.
            throw new DependencyUnavailableException("the database cannot be reached", e);
        }
        String why = result instanceof LoopbackSubmission.Result.Refused refused
            ? "the submission chain answered " + refused.reply() + " " + refused.sentence()
            : ((LoopbackSubmission.Result.Unavailable) result).why();
        throw new DependencyUnavailableException(why, null);
    }

    /** The mail as the chain reads it, asking for a delivery notice (DSN) when the hospital wants one. */
    private SMTPMessage message(PlannedMail mail) throws DependencyUnavailableException {
        try {
            SMTPMessage message = new SMTPMessage(session, new ByteArrayInputStream(mail.mime()));
            if (mail.notifySuccess()) {
                message.setNotifyOptions(SMTPMessage.NOTIFY_SUCCESS | SMTPMessage.NOTIFY_FAILURE);
            }
            return message;
        } catch (MessagingException e) {
            throw new IllegalArgumentException("mail " + mail.messageId() + " is not a MIME message", e);
        }
    }

    private static InternetAddress recipient(PlannedMail mail) {
        try {
            return new InternetAddress(mail.recipient(), true);
        } catch (AddressException e) {
            throw new IllegalArgumentException("mail " + mail.messageId() + " has no address for its recipient: "
                + mail.recipient(), e);
        }
    }

    private static Optional<SubmissionResult.Refused> kept(String refusal) {
        Matcher matcher = KEPT_REFUSAL.matcher(refusal);
        return matcher.matches()
            ? Optional.of(new SubmissionResult.Refused(matcher.group(1), matcher.group(2), matcher.group(3)))
            : Optional.empty();
    }
}
