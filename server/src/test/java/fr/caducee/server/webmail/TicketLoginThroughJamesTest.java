package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.mail.AuthenticationFailedException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.metrics.dropwizard.DropWizardMetricFactory;
import org.apache.james.protocols.netty.Encryption;
import org.apache.james.protocols.netty.NettyServer;
import org.apache.james.protocols.smtp.MailEnvelope;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPProtocol;
import org.apache.james.protocols.smtp.SMTPProtocolHandlerChain;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.MessageHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.codahale.metrics.MetricRegistry;

import fr.caducee.audit.AuditRecord;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.Rule;
import fr.caducee.server.submission.OwnCertificate;
import fr.caducee.server.submission.SingleUseTickets;
import fr.caducee.server.submission.SubmissionEndpoint;
import fr.caducee.rules.audit.RefusalAuditHook;
import fr.caducee.rules.transport.SubmissionTicketHook;
import fr.caducee.webmail.port.Outgoing;
import fr.caducee.webmail.port.SendOutcome;
import fr.caducee.webmail.port.Viewer;
import fr.caducee.trust.pki.DevPki;

/**
 * The outbox, its tickets and {@link SubmissionTicketHook} together in James's own SMTP protocol stack (Netty,
 * implicit TLS with a server certificate, James's AUTH, RCPT and DATA handlers calling the hooks and their result
 * hooks), in this JVM: a ticket logs the open box in, the refusals our rules give come back to the webmail with their
 * rule id while the audit hook still records them, and a ticket is good once. Our rules' own hooks stand in as two
 * refusals here; the server's whole chain is WebmailServerIT's.
 */
class TicketLoginThroughJamesTest {
    static final String DOMAIN = "chu.localhost";
    static final String GP = "dr.durand@" + DOMAIN;
    static final String STRANGER = "dr.moreau@" + DOMAIN;
    static final Ins INS = Ins.parse("146026322000196");
    static final Patient PATIENT = new Patient(INS, "MARTIN", "Zoé", Optional.empty(), PatientAddress.of(INS, DOMAIN),
        BoxStatus.ACTIVE, Instant.parse("2026-01-01T00:00:00Z"), List.of());
    static final String BOX = PATIENT.boxAddress().address();

    @TempDir
    static Path folder;
    static DevPki pki;
    static NettyServer smtp;
    static int port;
    static NettyServer startTls;
    static int startTlsPort;
    static final SingleUseTickets TICKETS = new SingleUseTickets();
    static final List<String> LOGINS = new CopyOnWriteArrayList<>();
    static final List<String> MESSAGES = new CopyOnWriteArrayList<>();
    static final List<AuditRecord> TRAIL = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void jamesSmtpWithTheTicketHook() throws Exception {
        pki = DevPki.ensure(folder.resolve("pki"), List.of("localhost"));
        SMTPProtocolHandlerChain chain = new SMTPProtocolHandlerChain(new DropWizardMetricFactory(new MetricRegistry()),
            new SubmissionTicketHook(TICKETS), new OutsideTheConversation(), new ClosedConversation(),
            new RefusalAuditHook(TRAIL::add));
        SMTPConfigurationImpl configuration = new SMTPConfigurationImpl() {
            @Override
            public boolean isAuthAnnounced(String remoteIp, boolean tlsStarted) {
                return true;
            }
        };
        smtp = new NettyServer.Factory().protocol(new SMTPProtocol(chain, configuration))
            .secure(Encryption.createTls(serverTls())).build();
        port = freePort();
        smtp.setListenAddresses(new InetSocketAddress("127.0.0.1", port));
        smtp.bind();
        // The submission listener (STARTTLS), used when submissions does not listen on loopback.
        startTls = new NettyServer.Factory().protocol(new SMTPProtocol(chain, configuration))
            .secure(Encryption.createStartTls(serverTls())).build();
        startTlsPort = freePort();
        startTls.setListenAddresses(new InetSocketAddress("127.0.0.1", startTlsPort));
        startTls.bind();
    }

    @AfterAll
    static void stop() {
        smtp.unbind();
        startTls.unbind();
    }

    private static int freePort() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    @Test
    void theOutboxLogsInWithATicketAndTheMessageIsAccepted() {
        SendOutcome outcome = outbox().send(Viewer.self(PATIENT), reply(GP));

        assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
        assertThat(LOGINS).contains(BOX);
        assertThat(MESSAGES).anySatisfy(message -> assertThat(message)
            .contains("Message-ID: " + ((SendOutcome.Sent) outcome).messageId()));
    }

    @Test
    void overStartTlsOnTheSubmissionListenerToo() {
        SendOutcome outcome = outbox(new SubmissionEndpoint("127.0.0.1", startTlsPort, false))
            .send(Viewer.self(PATIENT), reply(GP));

        assertThat(outcome).isInstanceOf(SendOutcome.Sent.class);
    }

    @Test
    void aRecipientOurRulesRefuseComesBackWithItsRuleAndTheAuditStillRecordsIt() {
        SendOutcome outcome = outbox().send(Viewer.self(PATIENT), reply(GP, STRANGER));

        assertThat(outcome).isEqualTo(new SendOutcome.Refused("550 5.7.1", Rule.PATIENT_OUTSIDE_CONVERSATION.id(),
            OutsideTheConversation.SENTENCE));
        assertThat(TRAIL).anySatisfy(record -> {
            assertThat(record.rule()).isEqualTo(Rule.PATIENT_OUTSIDE_CONVERSATION.id());
            assertThat(record.recipients()).containsExactly(STRANGER);
        });
    }

    @Test
    void aMessageOurRulesRefuseAtTheEndOfDataComesBackWithItsRule() {
        SendOutcome outcome = outbox().send(Viewer.self(PATIENT), new Outgoing(List.of(GP), "Re: [FIN] Suivi", "Merci",
            Optional.of("<fin@chu.localhost>"), List.of("<fin@chu.localhost>"), List.of()));

        assertThat(outcome).isEqualTo(new SendOutcome.Refused("550 5.7.1", Rule.CONVERSATION_CLOSED.id(),
            ClosedConversation.SENTENCE));
    }

    @Test
    void aTicketLogsInOnceOnly() throws Exception {
        SingleUseTickets.Ticket ticket = TICKETS.issue(BOX);
        login(ticket.secret());

        assertThatThrownBy(() -> login(ticket.secret())).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> login("not a ticket at all")).isInstanceOf(AuthenticationFailedException.class);
    }

    private static void login(String secret) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtps.ssl.socketFactory", OwnCertificate.socketFactory(pki.serverKeystore(), pki.secret()));
        properties.put("mail.smtps.ssl.checkserveridentity", "false");
        properties.put("mail.smtps.auth", "true");
        properties.put("mail.smtps.auth.mechanisms", "PLAIN");
        try (Transport transport = Session.getInstance(properties).getTransport("smtps")) {
            transport.connect("127.0.0.1", port, BOX, secret);
        }
    }

    private static SubmissionOutbox outbox() {
        return outbox(new SubmissionEndpoint("127.0.0.1", port, true));
    }

    private static SubmissionOutbox outbox(SubmissionEndpoint endpoint) {
        try {
            SentFolder sent = new SentFolder(null) {
                @Override
                void keep(String box, byte[] message) {
                }
            };
            return new SubmissionOutbox(() -> Optional.of(endpoint),
                OwnCertificate.socketFactory(pki.serverKeystore(), pki.secret()), TICKETS,
                new OutgoingMessage(DOMAIN, Clock.systemUTC()), sent, DOMAIN, Duration.ofSeconds(10));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Outgoing reply(String... to) {
        return new Outgoing(List.of(to), "Re: Suivi", "Merci", Optional.of("<suivi@chu.localhost>"),
            List.of("<suivi@chu.localhost>"), List.of());
    }

    private static SSLContext serverTls() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.serverKeystore())) {
            keys.load(in, pki.secret());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, pki.secret());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    /** Stands in for the patients' RCPT rule: one recipient is outside the conversation. */
    static final class OutsideTheConversation implements RcptHook {
        static final String SENTENCE = STRANGER + " is not part of the conversation you are replying to";

        @Override
        public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress recipient) {
            LOGINS.add(session.getUsername().asString());
            return recipient.asString().equals(STRANGER)
                ? Rule.PATIENT_OUTSIDE_CONVERSATION.refusal(SENTENCE).refuse(session, "RCPT")
                : HookResult.DECLINED;
        }
    }

    /** Stands in for the patients' DATA rule: a reply to a closing message is refused; anything else accepted. */
    static final class ClosedConversation implements MessageHook {
        static final String SENTENCE = GP + " closed this conversation";

        @Override
        public HookResult onMessage(SMTPSession session, MailEnvelope mail) {
            try (InputStream in = mail.getMessageInputStream()) {
                String message = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (message.contains("fin@chu.localhost")) {
                    return Rule.CONVERSATION_CLOSED.refusal(SENTENCE).refuse(session, "DATA");
                }
                MESSAGES.add(message);
                return HookResult.builder().hookReturnCode(HookReturnCode.ok()).smtpReturnCode("250")
                    .smtpDescription("2.6.0 Message received").build();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
