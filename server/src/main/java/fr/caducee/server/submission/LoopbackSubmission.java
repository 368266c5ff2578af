package fr.caducee.server.submission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.Address;
import javax.mail.AuthenticationFailedException;
import javax.mail.MessagingException;
import javax.mail.SendFailedException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLSocketFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.mail.smtp.SMTPAddressFailedException;
import com.sun.mail.smtp.SMTPSendFailedException;

import fr.caducee.rules.Rule;

/**
 * Submits a message as one of this operator's boxes through the server's own submission listener, over TLS on
 * loopback (the server's own certificate and nothing else trusted: {@link OwnCertificate}), logged in with a
 * single-use ticket ({@link SingleUseTickets}): the message meets the very chain an SMTP client meets, and is audited
 * by it. The webmail sends a patient's messages so, the gateway a hospital's notices and documents.
 *
 * <p>A refusal comes back as the chain gave it, with the rule id its ticket was told ({@code SubmissionTicketHook});
 * a listener that cannot be reached or does not answer in time is {@link Result.Unavailable}, and nothing was sent.
 *
 * <p>With {@code keepConnections}, a connection logged in for a box is kept open after a message and used again for
 * the next one of that box (the gateway: a TLS handshake and a login per notice would cost most of its latency), at
 * most {@link #KEPT_IDLE} idle (the listener closes silent connections after 5 minutes), closed after a refusal; a
 * kept connection found closed is replaced once, at once. Otherwise each message has its own connection (the webmail).
 */
public final class LoopbackSubmission implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(LoopbackSubmission.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Well within the submission listeners' idle timeout (smtpserver.xml, 300 s). */
    static final Duration KEPT_IDLE = Duration.ofSeconds(60);
    private static final Pattern REPLY = Pattern.compile(
        "([2-5][0-9][0-9])[ -]+(?:([245]\\.[0-9]{1,3}\\.[0-9]{1,3}) +)?(.*)", Pattern.DOTALL);

    private final Supplier<Optional<SubmissionEndpoint>> endpoint;
    private final SSLSocketFactory tls;
    private final SingleUseTickets tickets;
    private final String helloName;
    private final Duration answerTimeout;
    private final boolean keepConnections;
    private final boolean writtenByServer;
    private final Clock clock;
    private final Map<String, Deque<Kept>> kept = new ConcurrentHashMap<>();

    /**
     * @param helloName     the name it greets the listener with (EHLO), the server's domain
     * @param answerTimeout how long it waits for each reply: the chain reads the message and may ask the directory
     *                      and the database
     */
    public LoopbackSubmission(Supplier<Optional<SubmissionEndpoint>> endpoint, SSLSocketFactory tls,
                              SingleUseTickets tickets, String helloName, Duration answerTimeout,
                              boolean keepConnections) {
        this(endpoint, tls, tickets, helloName, answerTimeout, keepConnections, false, Clock.systemUTC());
    }

    /**
     * @param writtenByServer what it sends is the server's own writing (the gateway's notices and documents, not a
     *                        patient's message): its tickets say so, and the chain marks the mails to be signed with
     *                        the operator's key
     */
    public LoopbackSubmission(Supplier<Optional<SubmissionEndpoint>> endpoint, SSLSocketFactory tls,
                              SingleUseTickets tickets, String helloName, Duration answerTimeout,
                              boolean keepConnections, boolean writtenByServer) {
        this(endpoint, tls, tickets, helloName, answerTimeout, keepConnections, writtenByServer, Clock.systemUTC());
    }

    LoopbackSubmission(Supplier<Optional<SubmissionEndpoint>> endpoint, SSLSocketFactory tls, SingleUseTickets tickets,
                       String helloName, Duration answerTimeout, boolean keepConnections, Clock clock) {
        this(endpoint, tls, tickets, helloName, answerTimeout, keepConnections, false, clock);
    }

    LoopbackSubmission(Supplier<Optional<SubmissionEndpoint>> endpoint, SSLSocketFactory tls, SingleUseTickets tickets,
                       String helloName, Duration answerTimeout, boolean keepConnections, boolean writtenByServer,
                       Clock clock) {
        this.writtenByServer = writtenByServer;
        this.endpoint = endpoint;
        this.tls = tls;
        this.tickets = tickets;
        this.helloName = helloName;
        this.answerTimeout = answerTimeout;
        this.keepConnections = keepConnections;
        this.clock = clock;
    }

    /** What the chain answered. */
    public sealed interface Result {
        /** {@code 250}: the message is in the spool. */
        record Accepted() implements Result {
        }

        /**
         * The chain refused the message or a recipient: the first refusal, as the chain told the ticket (its rule
         * id) or, for a reply the ticket was not told, the rule the catalogue has alone for that reply (else empty).
         */
        record Refused(String reply, String rule, String sentence) implements Result {
            public boolean temporary() {
                return reply.startsWith("4");
            }
        }

        /** The listener could not be reached, did not answer in time, or refused the ticket: nothing was sent. */
        record Unavailable(String why) implements Result {
        }
    }

    /**
     * @param box        the box it is sent as, which the ticket logs in
     * @param recipients the envelope's recipients
     */
    public Result submit(String box, MimeMessage message, List<? extends Address> recipients) {
        Optional<SubmissionEndpoint> listener = endpoint.get();
        if (listener.isEmpty()) {
            LOGGER.error("Cannot send for {}: no submission listener (submissions, submission) listens on loopback or "
                + "on every address", box);
            return new Result.Unavailable("no submission listener listens on loopback");
        }
        String login = box.toLowerCase(Locale.ROOT);
        Kept connection = keepConnections ? reused(login) : null;
        if (connection != null) {
            Optional<Result> result = send(connection, message, recipients, true);
            if (result.isPresent()) {
                return result.get();
            }
            // The listener closed it meanwhile: a new connection, once.
        }
        try {
            connection = open(listener.get(), login);
        } catch (AuthenticationFailedException e) {
            LOGGER.error("The submission listener refused the ticket for {}: {}", login, e.getMessage());
            return new Result.Unavailable("the submission listener refused the login");
        } catch (MessagingException e) {
            LOGGER.warn("Cannot send for {} through {}:{}: {}", login, listener.get().host(), listener.get().port(),
                e.getMessage());
            return new Result.Unavailable("the submission listener cannot be reached: " + e.getMessage());
        }
        return send(connection, message, recipients, false).orElseGet(() ->
            new Result.Unavailable("the submission listener closed the connection"));
    }

    /** Empty when a kept connection turned out closed before the message was taken. */
    private Optional<Result> send(Kept connection, MimeMessage message, List<? extends Address> recipients,
                                  boolean reused) {
        int before = connection.ticket.refusals().size();
        try {
            connection.transport.sendMessage(message, recipients.toArray(Address[]::new));
            release(connection);
            return Optional.of(new Result.Accepted());
        } catch (SendFailedException e) {
            close(connection);
            return Optional.of(refusal(connection.ticket.refusals(), before, e));
        } catch (MessagingException e) {
            close(connection);
            if (reused) {
                LOGGER.debug("A kept submission connection of {} was closed: {}", connection.login, e.getMessage());
                return Optional.empty();
            }
            LOGGER.warn("Cannot send for {} through the submission listener: {}", connection.login, e.getMessage());
            return Optional.of(new Result.Unavailable("the submission listener did not answer: " + e.getMessage()));
        }
    }

    private Kept open(SubmissionEndpoint listener, String login) throws MessagingException {
        Session session = Session.getInstance(properties(listener, login));
        Transport transport = session.getTransport(listener.implicitTls() ? "smtps" : "smtp");
        try (SingleUseTickets.Ticket ticket = tickets.issue(login, writtenByServer)) {
            transport.connect(listener.host(), listener.port(), ticket.box(), ticket.secret());
            // Closed once spent: it logs nothing in any more, and still hears the session's refusals.
            return new Kept(login, transport, ticket, clock.instant());
        }
    }

    private Kept reused(String login) {
        Deque<Kept> idle = kept.get(login);
        Instant now = clock.instant();
        for (Kept connection = idle == null ? null : idle.pollFirst(); connection != null;
             connection = idle.pollFirst()) {
            // Not asked whether it is still open (a NOOP each time): a closed one fails at once and is replaced.
            if (Duration.between(connection.lastUsed, now).compareTo(KEPT_IDLE) < 0) {
                return connection;
            }
            close(connection);
        }
        return null;
    }

    private void release(Kept connection) {
        if (!keepConnections) {
            close(connection);
            return;
        }
        connection.lastUsed = clock.instant();
        kept.computeIfAbsent(connection.login, login -> new ConcurrentLinkedDeque<>()).addFirst(connection);
    }

    private static void close(Kept connection) {
        try {
            connection.transport.close();
        } catch (MessagingException e) {
            // closing: nothing more to say to it
        }
    }

    /** Closes the kept connections. */
    @Override
    public void close() {
        kept.values().forEach(idle -> {
            for (Kept connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
                close(connection);
            }
        });
    }

    /**
     * The first refusal of this message, as the chain told the ticket (with its rule); else the first reply JavaMail
     * reports, its rule found in the catalogue when the reply names one rule alone.
     */
    private static Result refusal(List<SingleUseTickets.Refusal> told, int before, SendFailedException e) {
        if (told.size() > before) {
            SingleUseTickets.Refusal first = told.get(before);
            return new Result.Refused(first.reply(), first.rule(), first.sentence());
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
                    LOGGER.warn("The submission chain refused a message with a reply no rule of the catalogue is "
                        + "alone to give: {}", reply.strip());
                }
                return new Result.Refused((code + " " + enhanced).strip(), rule.map(Rule::id).orElse(""), sentence);
            }
        }
        LOGGER.warn("The submission chain refused a message without a readable reply: {}", e.getMessage());
        return new Result.Unavailable("the submission chain refused the message without a readable reply");
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

    private Properties properties(SubmissionEndpoint listener, String login) {
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
        properties.put(prefix + "from", login);
        properties.put(prefix + "localhost", helloName);
        properties.put(prefix + "connectiontimeout", String.valueOf(CONNECT_TIMEOUT.toMillis()));
        properties.put(prefix + "timeout", String.valueOf(answerTimeout.toMillis()));
        properties.put(prefix + "writetimeout", String.valueOf(answerTimeout.toMillis()));
        return properties;
    }

    /** A connection logged in for one box, with the ticket that hears its refusals. */
    private static final class Kept {
        final String login;
        final Transport transport;
        final SingleUseTickets.Ticket ticket;
        Instant lastUsed;

        Kept(String login, Transport transport, SingleUseTickets.Ticket ticket, Instant lastUsed) {
            this.login = login;
            this.transport = transport;
            this.ticket = ticket;
            this.lastUsed = lastUsed;
        }
    }
}
