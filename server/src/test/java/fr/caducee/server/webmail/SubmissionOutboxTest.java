package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.Rule;
import fr.caducee.server.submission.OwnCertificate;
import fr.caducee.server.submission.SingleUseTickets;
import fr.caducee.server.submission.SubmissionEndpoint;
import fr.caducee.server.submission.StubSubmission;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.webmail.port.Outgoing;
import fr.caducee.webmail.port.SendOutcome;
import fr.caducee.webmail.port.Upload;
import fr.caducee.webmail.port.Viewer;

/**
 * The outbox against a stand-in of the submission listener (the chain itself is the server's: WebmailServerIT and
 * the browser tests send through it): what it sends and how it logs in, and what it makes of each answer.
 */
class SubmissionOutboxTest {
    static final String GP = "dr.durand@chu.localhost";
    static final Ins INS = Ins.parse("146026322000196");
    static final Patient PATIENT = new Patient(INS, "MARTIN", "Zoé", Optional.empty(),
        PatientAddress.of(INS, "chu.localhost"), BoxStatus.ACTIVE, Instant.parse("2026-01-01T00:00:00Z"), List.of());
    static final String BOX = PATIENT.boxAddress().address();

    @TempDir
    static Path folder;
    static DevPki pki;

    final SingleUseTickets tickets = new SingleUseTickets();
    final List<String> sentCopies = new ArrayList<>();
    StubSubmission stub;

    @BeforeAll
    static void developmentPki() throws Exception {
        pki = DevPki.ensure(folder.resolve("pki"), List.of("localhost"));
    }

    @AfterEach
    void stopStub() throws Exception {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void aReplyGoesOutLoggedInAsTheOpenBoxWithAOneTimeTicketAndIsKeptInSent() throws Exception {
        stub = new StubSubmission(pki.serverKeystore(), pki.secret(), tickets);

        SendOutcome outcome = outbox(() -> Optional.of(stub.endpoint())).send(Viewer.self(PATIENT), new Outgoing(List.of(GP),
            "Re: Résultats", "Merci docteur, à jeudi.", Optional.of("<resultats@chu.localhost>"),
            List.of("<resultats@chu.localhost>"), List.of(new Upload("C:\\Users\\zoe\\ordonnance.pdf", "application/pdf",
                "%PDF-1.4 ordonnance".getBytes(StandardCharsets.US_ASCII)))));

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Sent.class,
            sent -> assertThat(sent.messageId()).matches("<[0-9a-f-]{36}@chu\\.localhost>"));
        String messageId = ((SendOutcome.Sent) outcome).messageId();
        assertThat(stub.logins).containsExactly(BOX);
        assertThat(stub.recipients).containsExactly(GP);
        assertThat(stub.messages).singleElement().satisfies(message -> assertThat(message)
            .contains("From: =?UTF-8?Q?Zo=C3=A9_MARTIN?= <" + BOX + ">")
            .contains("To: " + GP)
            .contains("Subject: =?UTF-8?Q?Re:_R=C3=A9sultats?=")
            .contains("Message-ID: " + messageId)
            .contains("In-Reply-To: <resultats@chu.localhost>")
            .contains("References: <resultats@chu.localhost>")
            .contains("Date: Thu, 5 Mar 2026")
            .contains("Content-Type: text/plain; charset=UTF-8")
            .contains("filename=ordonnance.pdf")
            .doesNotContain("Users"));
        assertThat(sentCopies).singleElement().satisfies(copy -> assertThat(copy).startsWith(BOX + "|")
            .contains("Message-ID: " + messageId));
        assertThat(tickets.held()).as("the ticket is forgotten once used").isZero();
    }

    @Test
    void aRecipientTheChainRefusesComesBackWithTheRuleAndSentenceItsTicketWasTold() throws Exception {
        stub = new StubSubmission(pki.serverKeystore(), pki.secret(), tickets);
        String stranger = "dr.moreau@chu.localhost";
        stub.refusedRecipients.put(stranger, List.of("550 5.7.1", Rule.PATIENT_OUTSIDE_CONVERSATION.id(),
            stranger + " is not part of the conversation you are replying to: reply only to its participants"));

        SendOutcome outcome = outbox(() -> Optional.of(stub.endpoint())).send(Viewer.self(PATIENT), reply(GP, stranger));

        assertThat(outcome).isEqualTo(new SendOutcome.Refused("550 5.7.1", Rule.PATIENT_OUTSIDE_CONVERSATION.id(),
            stranger + " is not part of the conversation you are replying to: reply only to its participants"));
        assertThat(stub.messages).isEmpty();
        assertThat(sentCopies).isEmpty();
        assertThat(tickets.held()).isZero();
    }

    @Test
    void aMessageTheChainRefusesAtTheEndOfDataComesBackWithItsRule() throws Exception {
        stub = new StubSubmission(pki.serverKeystore(), pki.secret(), tickets);
        stub.refusedMessage = List.of("550 5.7.1", Rule.CONVERSATION_CLOSED.id(),
            GP + " closed this conversation on 3 March 2026: you can no longer reply to it");

        SendOutcome outcome = outbox(() -> Optional.of(stub.endpoint())).send(Viewer.self(PATIENT), reply(GP));

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Refused.class, refused -> {
            assertThat(refused.reply()).isEqualTo("550 5.7.1");
            assertThat(refused.rule()).isEqualTo(Rule.CONVERSATION_CLOSED.id());
            assertThat(refused.sentence()).startsWith(GP + " closed this conversation");
            assertThat(refused.temporary()).isFalse();
        });
        assertThat(sentCopies).isEmpty();
    }

    @Test
    void aListenerThatCannotBeReachedMeansTryAgainLaterAndNothingSent() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        SendOutcome outcome = outbox(() -> Optional.of(new SubmissionEndpoint("127.0.0.1", closedPort, true)))
            .send(Viewer.self(PATIENT), reply(GP));

        assertUnavailable(outcome);
        assertThat(tickets.held()).isZero();
    }

    @Test
    void aListenerThatNeverAnswersMeansTryAgainLater() throws Exception {
        stub = new StubSubmission(pki.serverKeystore(), pki.secret(), tickets);
        stub.silent = true;

        assertUnavailable(outbox(() -> Optional.of(stub.endpoint())).send(Viewer.self(PATIENT), reply(GP)));
    }

    @Test
    void noSubmissionListenerOnLoopbackMeansTryAgainLater() {
        assertUnavailable(outbox(Optional::empty).send(Viewer.self(PATIENT), reply(GP)));
    }

    @Test
    void aListenerPresentingAnotherCertificateThanTheServersOwnNeverSeesTheTicket() throws Exception {
        // Issued by the same development root: trusting the anchors would accept it; the outbox trusts one certificate.
        stub = new StubSubmission(pki.peerKeystore(), pki.secret(), tickets);

        assertUnavailable(outbox(() -> Optional.of(stub.endpoint())).send(Viewer.self(PATIENT), reply(GP)));
        assertThat(stub.logins).isEmpty();
    }

    @Test
    void aRecipientThatIsNoAddressIsRefusedAsMalformedBeforeAnythingIsSent() throws Exception {
        stub = new StubSubmission(pki.serverKeystore(), pki.secret(), tickets);

        SendOutcome outcome = outbox(() -> Optional.of(stub.endpoint())).send(Viewer.self(PATIENT), reply("pas une adresse@@"));

        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Refused.class,
            refused -> assertThat(refused.rule()).isEqualTo(Rule.RECIPIENT_MALFORMED.id()));
        assertThat(stub.logins).isEmpty();
    }

    private static Outgoing reply(String... to) {
        return new Outgoing(List.of(to), "Re: Suivi", "Bonjour", Optional.of("<suivi@chu.localhost>"),
            List.of("<suivi@chu.localhost>"), List.of());
    }

    private static void assertUnavailable(SendOutcome outcome) {
        assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Refused.class, refused -> {
            assertThat(refused.reply()).isEqualTo("451 4.3.0");
            assertThat(refused.rule()).isEqualTo(Rule.WEBMAIL_SEND_UNAVAILABLE.id());
            assertThat(refused.temporary()).isTrue();
            assertThat(refused.sentence()).contains("Réessayez");
        });
    }

    private SubmissionOutbox outbox(Supplier<Optional<SubmissionEndpoint>> endpoint) {
        try {
            SentFolder sent = new SentFolder(null) {
                @Override
                void keep(String box, byte[] message) {
                    sentCopies.add(box + "|" + new String(message, StandardCharsets.UTF_8));
                }
            };
            return new SubmissionOutbox(endpoint, OwnCertificate.socketFactory(pki.serverKeystore(), pki.secret()),
                tickets, new OutgoingMessage("chu.localhost",
                    Clock.fixed(Instant.parse("2026-03-05T09:30:00Z"), ZoneOffset.UTC)), sent, "chu.localhost",
                Duration.ofSeconds(2));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
