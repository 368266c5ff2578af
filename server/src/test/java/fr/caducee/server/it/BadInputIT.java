package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.SmtpDialogue;

/** Garbage, abandoned transactions and oversize messages get a clear SMTP answer; nothing partial is stored. */
class BadInputIT {
    static final String DOMAIN = "labo.localhost";
    static final String LAB = "resultats@" + DOMAIN;
    static final String GP = "dr.petit@" + DOMAIN;
    static final String PASSWORD = "pass-laboratoire";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(LAB, PASSWORD)
        .withBox(GP, PASSWORD);

    @Test
    void garbageCommandsGetAnErrorAndTheSessionGoesOn() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(caducee.server().ports().submission())) {
            SmtpDialogue.Reply garbage = smtp.send("XYZZY \u0001\u0002 plugh");
            assertThat(garbage.code()).isEqualTo(500);
            assertThat(garbage.text()).contains("5.5.1");
            assertThat(smtp.send("EHLO still-here.localhost").code()).isEqualTo(250);
        }
        assertServerStillDelivers();
    }

    @Test
    void connectionDroppedInTheMiddleOfDataStoresNothing() throws Exception {
        String subject = "Interrompu " + UUID.randomUUID();
        try (SmtpDialogue smtp = authenticatedSubmission()) {
            assertThat(smtp.send("MAIL FROM:<" + LAB + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + GP + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("Subject: " + subject);
            smtp.write("");
            smtp.write("Début d'un compte rendu qui ne sera jamais terminé");
        }
        assertServerStillDelivers();
        assertThat(new MailClient(caducee.server()).inbox(GP, PASSWORD, subject)).isEmpty();
    }

    @Test
    void messageOverTheSizeLimitIsRefusedWith552AndNotStored() throws Exception {
        String subject = "Trop gros " + UUID.randomUUID();
        try (SmtpDialogue smtp = authenticatedSubmission()) {
            assertThat(smtp.send("MAIL FROM:<" + LAB + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + GP + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("Subject: " + subject);
            smtp.write("");
            byte[] line = new byte[998];
            Arrays.fill(line, (byte) 'A');
            byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
            long sixtyMegabytes = 60L * 1024 * 1024;
            for (long sent = 0; sent < sixtyMegabytes; sent += line.length + 2) {
                smtp.writeRaw(line);
                smtp.writeRaw(crlf);
            }
            SmtpDialogue.Reply reply = smtp.send(".");
            assertThat(reply.code()).isEqualTo(552);
            assertThat(reply.text()).contains("5.3.4");
        }
        assertServerStillDelivers();
        assertThat(new MailClient(caducee.server()).inbox(GP, PASSWORD, subject)).isEmpty();
    }

    @Test
    void sizeDeclaredAboveTheLimitIsRefusedAtMailFrom() throws Exception {
        try (SmtpDialogue smtp = authenticatedSubmission()) {
            SmtpDialogue.Reply reply = smtp.send("MAIL FROM:<" + LAB + "> SIZE=" + (60L * 1024 * 1024));
            assertThat(reply.code()).isEqualTo(552);
            assertThat(reply.text()).contains("5.3.4");
        }
    }

    private static void assertServerStillDelivers() throws Exception {
        MailClient client = new MailClient(caducee.server());
        String subject = "Toujours là " + UUID.randomUUID();
        client.send(LAB, PASSWORD, GP, subject, "The server keeps serving others.");
        assertThat(client.awaitDelivered(GP, PASSWORD, subject)).hasSize(1);
    }

    private static SmtpDialogue authenticatedSubmission() throws Exception {
        return SmtpDialogue.authenticatedSubmission(caducee.server(), LAB, PASSWORD);
    }
}
