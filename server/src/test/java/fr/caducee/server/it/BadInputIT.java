package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Garbage, abandoned transactions and oversize messages get a clear SMTP answer; nothing partial is stored. */
class BadInputIT {
    static final String DOMAIN = "labo.localhost";
    static final String LAB = "resultats@" + DOMAIN;
    static final String GP = "dr.petit@" + DOMAIN;
    static final String PASSWORD = "pass-labo";

    @TempDir
    static Path data;
    static CaduceeProcess server;
    static MailClient client;

    @BeforeAll
    static void start() throws Exception {
        server = CaduceeProcess.start(data.resolve("server"));
        StoreScenario.createBoxes(server, DOMAIN, LAB, GP, PASSWORD);
        client = new MailClient(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void garbageCommandsGetAnErrorAndTheSessionGoesOn() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(server.ports().submission())) {
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
        assertThat(client.inbox(GP, PASSWORD, subject)).isEmpty();
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
        assertThat(client.inbox(GP, PASSWORD, subject)).isEmpty();
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
        String subject = "Toujours là " + UUID.randomUUID();
        client.send(LAB, PASSWORD, GP, subject, "The server keeps serving others.");
        assertThat(client.awaitDelivered(GP, PASSWORD, subject)).hasSize(1);
    }

    private static SmtpDialogue authenticatedSubmission() throws Exception {
        SmtpDialogue smtp = SmtpDialogue.connect(server.ports().submission());
        smtp.send("EHLO automate.labo.localhost");
        smtp.startTls(TestClients.trustingServer(server));
        smtp.send("EHLO automate.labo.localhost");
        assertThat(smtp.send("AUTH PLAIN " + SubmissionSecurityIT.plain(LAB, PASSWORD)).code()).isEqualTo(235);
        return smtp;
    }
}
