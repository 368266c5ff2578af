package fr.caducee.server.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.mail.smtp.SMTPMessage;

import fr.caducee.rules.Rule;
import fr.caducee.trust.pki.DevPki;

/**
 * Submission on loopback as a box, against a stand-in of the listener: connections kept open for the gateway and
 * used again, replaced when the listener closed them, closed after a refusal; the delivery notice asked for at RCPT.
 */
class LoopbackSubmissionTest {
    static final String BOX = "sih@chu.localhost";
    static final String GP = "dr.martin@chu.localhost";

    @TempDir
    static Path folder;
    static DevPki pki;

    final SingleUseTickets tickets = new SingleUseTickets();
    StubSubmission stub;
    LoopbackSubmission submission;

    @BeforeAll
    static void developmentPki() throws Exception {
        pki = DevPki.ensure(folder.resolve("pki"), List.of("localhost"));
    }

    @AfterEach
    void stop() throws Exception {
        if (submission != null) {
            submission.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    private LoopbackSubmission submission(boolean keepConnections) throws Exception {
        stub = new StubSubmission(pki.serverKeystore(), pki.secret(), tickets);
        submission = new LoopbackSubmission(() -> Optional.of(stub.endpoint()),
            OwnCertificate.socketFactory(pki.serverKeystore(), pki.secret()), tickets, "chu.localhost",
            Duration.ofSeconds(5), keepConnections);
        return submission;
    }

    @Test
    void keptConnectionsLogInOnceForManyMessagesOfABox() throws Exception {
        LoopbackSubmission kept = submission(true);

        for (int i = 0; i < 5; i++) {
            assertThat(kept.submit(BOX, message("Avis " + i), List.of(new InternetAddress(GP))))
                .isInstanceOf(LoopbackSubmission.Result.Accepted.class);
        }

        assertThat(stub.messages).hasSize(5);
        assertThat(stub.connectionsAccepted).hasValue(1);
        assertThat(stub.logins).containsExactly(BOX);
        assertThat(tickets.held()).as("the ticket is forgotten once it logged in").isZero();
    }

    @Test
    void withoutKeepingEachMessageHasItsOwnConnection() throws Exception {
        LoopbackSubmission each = submission(false);

        each.submit(BOX, message("Avis 1"), List.of(new InternetAddress(GP)));
        each.submit(BOX, message("Avis 2"), List.of(new InternetAddress(GP)));

        assertThat(stub.connectionsAccepted).hasValue(2);
        assertThat(stub.messages).hasSize(2);
    }

    @Test
    void aKeptConnectionTheListenerClosedIsReplacedAtOnce() throws Exception {
        LoopbackSubmission kept = submission(true);
        kept.submit(BOX, message("Avis 1"), List.of(new InternetAddress(GP)));

        stub.dropConnections();
        LoopbackSubmission.Result second = kept.submit(BOX, message("Avis 2"), List.of(new InternetAddress(GP)));

        assertThat(second).isInstanceOf(LoopbackSubmission.Result.Accepted.class);
        assertThat(stub.messages).hasSize(2);
        assertThat(stub.connectionsAccepted).hasValue(2);
    }

    @Test
    void aRefusalComesBackWithItsRuleAndTheNextMessageGetsAFreshConnection() throws Exception {
        LoopbackSubmission kept = submission(true);
        String suspended = "dr.absent@chu.localhost";
        stub.refusedRecipients.put(suspended, List.of("550 5.2.1", Rule.RECIPIENT_SUSPENDED.id(),
            suspended + " is suspended"));

        LoopbackSubmission.Result refused = kept.submit(BOX, message("Avis"), List.of(new InternetAddress(suspended)));
        LoopbackSubmission.Result accepted = kept.submit(BOX, message("Avis"), List.of(new InternetAddress(GP)));

        assertThat(refused).isEqualTo(new LoopbackSubmission.Result.Refused("550 5.2.1",
            Rule.RECIPIENT_SUSPENDED.id(), suspended + " is suspended"));
        assertThat(accepted).isInstanceOf(LoopbackSubmission.Result.Accepted.class);
        assertThat(stub.connectionsAccepted).hasValue(2);
    }

    @Test
    void aDeliveryNoticeIsAskedAtRcptWhenTheMessageAsksForIt() throws Exception {
        LoopbackSubmission kept = submission(true);
        SMTPMessage message = new SMTPMessage(message("Compte rendu"));
        message.setNotifyOptions(SMTPMessage.NOTIFY_SUCCESS | SMTPMessage.NOTIFY_FAILURE);

        kept.submit(BOX, message, List.of(new InternetAddress(GP)));
        kept.submit(BOX, message("Avis"), List.of(new InternetAddress(GP)));

        assertThat(stub.rcptLines).hasSize(2);
        assertThat(stub.rcptLines.get(0)).contains("NOTIFY=SUCCESS,FAILURE");
        assertThat(stub.rcptLines.get(1)).doesNotContain("NOTIFY");
    }

    @Test
    void aListenerThatIsNotThereIsUnavailable() throws Exception {
        submission = new LoopbackSubmission(Optional::empty,
            OwnCertificate.socketFactory(pki.serverKeystore(), pki.secret()), tickets, "chu.localhost",
            Duration.ofSeconds(5), true);

        assertThat(submission.submit(BOX, message("Avis"), List.of(new InternetAddress(GP))))
            .isInstanceOf(LoopbackSubmission.Result.Unavailable.class);
    }

    private static MimeMessage message(String subject) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(BOX));
        message.setRecipients(MimeMessage.RecipientType.TO, GP);
        message.setSubject(subject, "UTF-8");
        message.setText("Bonjour", "UTF-8");
        message.saveChanges();
        return message;
    }
}
