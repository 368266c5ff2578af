package fr.caducee.server.webmail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.AuthenticationFailedException;
import javax.mail.MessagingException;
import javax.mail.SendFailedException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.net.ssl.SSLSocketFactory;

import org.apache.james.mailbox.exception.MailboxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.mail.smtp.SMTPAddressFailedException;
import com.sun.mail.smtp.SMTPSendFailedException;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.port.Outbox;
import fr.caducee.webmail.port.Outgoing;
import fr.caducee.webmail.port.SendOutcome;
import fr.caducee.webmail.port.Viewer;

/**
 * Sends what a patient wrote in the webmail through the server's own submission listener, over TLS on loopback
 * (the server's own certificate and nothing else trusted), logged in as the open box with a single-use ticket
 * ({@link SingleUseTickets}): the message meets the very chain an SMTP client meets, and is audited by it. A refusal
 * comes back as the chain gave it, with the rule id its ticket was told ({@code SubmissionTicketHook}); a listener
 * that cannot be reached or does not answer in time is "try again later", and nothing was sent. After the
 * {@code 250}, the message is kept in the box's {@value SentFolder#NAME} folder, seen.
 */
public class SubmissionOutbox implements Outbox {
    private static final Logger LOGGER = LoggerFactory.getLogger(SubmissionOutbox.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The chain reads the message and may ask the directory and the database: give it time. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    static final String UNAVAILABLE_REPLY = "451 4.3.0";
    static final String UNAVAILABLE_SENTENCE = "Votre message n'a pas été envoyé : le service d'envoi ne répond pas "
        + "pour le moment. Réessayez dans quelques minutes.";
    private static final Pattern REPLY = Pattern.compile("([2-5][0-9][0-9])[ -]+(?:([245]\\.[0-9]{1,3}\\.[0-9]{1,3}) +)?(.*)",
        Pattern.DOTALL);

    private final Supplier<Optional<SubmissionEndpoint>> endpoint;
    private final SSLSocketFactory tls;
    private final SingleUseTickets tickets;
    private final OutgoingMessage messages;
    private final SentFolder sent;
    private final String helloName;
    private final Duration answerTimeout;

    /** @param helloName the name the outbox greets the listener with (EHLO), the server's domain */
    SubmissionOutbox(Supplier<Optional<SubmissionEndpoint>> endpoint, SSLSocketFactory tls, SingleUseTickets tickets,
                     OutgoingMessage messages, SentFolder sent, String helloName) {
        this(endpoint, tls, tickets, messages, sent, helloName, ANSWER_TIMEOUT);
    }

    SubmissionOutbox(Supplier<Optional<SubmissionEndpoint>> endpoint, SSLSocketFactory tls, SingleUseTickets tickets,
                     OutgoingMessage messages, SentFolder sent, String helloName, Duration answerTimeout) {
        this.answerTimeout = answerTimeout;
        this.endpoint = endpoint;
        this.tls = tls;
        this.tickets = tickets;
        this.messages = messages;
        this.sent = sent;
        this.helloName = helloName;
    }

    @Override
    public SendOutcome send(Viewer viewer, Outgoing outgoing) {
        Optional<SubmissionEndpoint> listener = endpoint.get();
        if (listener.isEmpty()) {
            LOGGER.error("The webmail cannot send for {}: no submission listener (submissions, submission) listens on "
                + "loopback or on every address", viewer.boxAddress());
            return unavailable();
        }
        Session session = Session.getInstance(properties(listener.get(), viewer.boxAddress()));
        OutgoingMessage.Built built;
        try {
            built = messages.build(session, viewer, outgoing);
        } catch (MessagingException e) {
            // A recipient that is no address at all: the form was edited; the chain would refuse it as malformed.
            return new SendOutcome.Refused(Rule.RECIPIENT_MALFORMED.reply() + " " + Rule.RECIPIENT_MALFORMED.code(),
                Rule.RECIPIENT_MALFORMED.id(), "Une adresse de destinataire n'est pas valide : " + e.getMessage());
        }
        try (SingleUseTickets.Ticket ticket = tickets.issue(viewer.boxAddress())) {
            Optional<SendOutcome.Refused> refused = submit(listener.get(), session, built, ticket);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        keepSent(viewer.boxAddress(), built);
        return new SendOutcome.Sent(built.messageId());
    }

    /** Empty when the chain answered 250 to the message. */
    private Optional<SendOutcome.Refused> submit(SubmissionEndpoint listener, Session session,
                                                 OutgoingMessage.Built built, SingleUseTickets.Ticket ticket) {
        try (Transport transport = session.getTransport(listener.implicitTls() ? "smtps" : "smtp")) {
            transport.connect(listener.host(), listener.port(), ticket.box(), ticket.secret());
            transport.sendMessage(built.message(), built.recipients().toArray(javax.mail.Address[]::new));
            return Optional.empty();
        } catch (AuthenticationFailedException e) {
            LOGGER.error("The submission listener refused the webmail's ticket for {}: {}", ticket.box(),
                e.getMessage());
            return Optional.of(unavailable());
        } catch (SendFailedException e) {
            return Optional.of(refusal(ticket, e));
        } catch (MessagingException e) {
            LOGGER.warn("The webmail could not send for {} through {}:{}: {}", ticket.box(), listener.host(),
                listener.port(), e.getMessage());
            return Optional.of(unavailable());
        }
    }

    /**
     * The first refusal of the session, as the chain told the ticket (with its rule); else the first reply JavaMail
     * reports, its rule found in the catalogue when the reply names one rule alone.
     */
    private static SendOutcome.Refused refusal(SingleUseTickets.Ticket ticket, SendFailedException e) {
        List<SingleUseTickets.Refusal> told = ticket.refusals();
        if (!told.isEmpty()) {
            SingleUseTickets.Refusal first = told.get(0);
            return new SendOutcome.Refused(first.reply(), first.rule(), first.sentence());
        }
        for (String reply : replies(e)) {
            Matcher matcher = REPLY.matcher(reply.strip());
            if (matcher.matches()) {
                String code = matcher.group(1);
                String enhanced = Optional.ofNullable(matcher.group(2)).orElse("");
                String sentence = matcher.group(3).replaceAll("\\s*\\n[2-5][0-9][0-9][ -]+(?:[245]\\.[0-9.]+ +)?", " ")
                    .strip();
                Optional<Rule> rule = onlyRuleReplying(code, enhanced);
                if (rule.isEmpty()) {
                    LOGGER.warn("The submission chain refused a message of the webmail with a reply no rule of the "
                        + "catalogue is alone to give: {}", reply.strip());
                }
                String ruleId = rule.map(Rule::id)
                    .orElse(code.startsWith("4") ? Rule.WEBMAIL_SEND_UNAVAILABLE.id() : "");
                return new SendOutcome.Refused((code + " " + enhanced).strip(), ruleId, sentence);
            }
        }
        LOGGER.warn("The submission chain refused a message of the webmail without a readable reply: {}",
            e.getMessage());
        return unavailable();
    }

    /** The server's replies JavaMail carries: a refused MAIL FROM or DATA, then each refused RCPT. */
    private static List<String> replies(MessagingException e) {
        List<String> replies = new ArrayList<>();
        for (Exception next = e; next != null;
             next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPSendFailedException || next instanceof SMTPAddressFailedException) {
                replies.add(next.getMessage());
            }
        }
        return replies;
    }

    private static Optional<Rule> onlyRuleReplying(String code, String enhanced) {
        List<Rule> rules = Arrays.stream(Rule.values())
            .filter(rule -> rule.refusal() && rule.reply().equals(code) && rule.code().equals(enhanced)).toList();
        return rules.size() == 1 ? Optional.of(rules.get(0)) : Optional.empty();
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

    private Properties properties(SubmissionEndpoint listener, String box) {
        String protocol = listener.implicitTls() ? "smtps" : "smtp";
        String prefix = "mail." + protocol + ".";
        Properties properties = new Properties();
        properties.put(prefix + "ssl.socketFactory", tls);
        properties.put(prefix + "socketFactory.fallback", "false");
        // The certificate is pinned (the server's own): the name it is reached by, an address, needs no check.
        properties.put(prefix + "ssl.checkserveridentity", "false");
        if (!listener.implicitTls()) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        properties.put(prefix + "auth", "true");
        properties.put(prefix + "auth.mechanisms", "PLAIN");
        properties.put(prefix + "from", box);
        properties.put(prefix + "localhost", helloName);
        properties.put(prefix + "connectiontimeout", String.valueOf(CONNECT_TIMEOUT.toMillis()));
        properties.put(prefix + "timeout", String.valueOf(answerTimeout.toMillis()));
        properties.put(prefix + "writetimeout", String.valueOf(answerTimeout.toMillis()));
        return properties;
    }

    private static SendOutcome.Refused unavailable() {
        return new SendOutcome.Refused(UNAVAILABLE_REPLY, Rule.WEBMAIL_SEND_UNAVAILABLE.id(), UNAVAILABLE_SENTENCE);
    }
}
