package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * Hostile input over real TLS connections: command abuse, MIME no client produces, IMAP parser abuse. Each case must
 * get a clear answer (or a closed connection), leave the server up and delivering, and lose nothing that was
 * accepted. docs/RELIABILITY.md lists every case with the answer it gets.
 */
class HostileInputIT {
    static final String DOMAIN = "hopital-hostile.localhost";
    static final String LAB = "laboratoire@" + DOMAIN;
    static final String GP = "dr.roux@" + DOMAIN;
    static final String PASSWORD = "mot de passe hostile";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(LAB, PASSWORD)
        .withBox(GP, PASSWORD);

    @AfterEach
    void serverStillDelivers() throws Exception {
        assertThat(caducee.server().isAlive()).isTrue();
        String subject = "Toujours la " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), LAB, PASSWORD)) {
            assertThat(sendMessage(smtp, "Subject: " + subject + "\r\n\r\nCompte rendu.\r\n").code()).isEqualTo(250);
        }
        new MailClient(caducee.server()).awaitDelivered(GP, PASSWORD, subject);
    }

    @Test
    void anOverlongCommandLineIsRefusedWithAnEnhancedCodeAndTheSessionGoesOn() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), LAB, PASSWORD)) {
            smtp.write("NOOP " + "x".repeat(200_000));
            SmtpDialogue.Reply reply = smtp.read();
            assertThat(reply.text()).startsWith("500 5.5.2 ").contains("longer than 8192 bytes");
            assertNoStackTrace(reply.text());
            assertThat(smtp.send("NOOP").code()).isEqualTo(250);
        }
    }

    @Test
    void aLineTooLongToReadInsideDataGetsTheWholeMessageRefusedWithOneAnswer() throws Exception {
        String subject = "Ligne longue " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), LAB, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + LAB + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + GP + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("From: " + LAB + "\r\nTo: " + GP + "\r\nSubject: " + subject + "\r\n\r\nbefore");
            // A PDF pasted as base64 without line breaks: 1 MB on one line.
            smtp.write("J".repeat(1024 * 1024));
            smtp.write("after");
            smtp.write(".");
            // The only answer to the whole DATA: the message refused, not a 500 for the line then a 250 for the rest.
            SmtpDialogue.Reply reply = smtp.read();
            assertThat(reply.text()).startsWith("554 5.6.0 ").contains("longer than 8192 bytes");
            assertThat(smtp.send("NOOP").code()).isEqualTo(250);
        }
        // Refused, and in the audit trail like every refusal.
        assertThat(new TestClients.WebAdmin(caducee.server()).get("/audit?decision=REFUSED").body())
            .contains("\"rule\":\"line-too-long\"");
    }

    @Test
    void aPipelinedFloodOfTenThousandCommandsIsAnsweredInOrder() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), LAB, PASSWORD)) {
            smtp.writeRaw("NOOP\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 10_000; i++) {
                assertThat(smtp.read().code()).isEqualTo(250);
            }
        }
    }

    @Test
    void tenThousandRecipientsGetAHundredAcceptedAndTheRestToldToRetry() throws Exception {
        String subject = "Diffusion " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), LAB, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + LAB + ">").code()).isEqualTo(250);
            smtp.writeRaw(("RCPT TO:<" + GP + ">\r\n").repeat(10_000).getBytes(StandardCharsets.US_ASCII));
            int accepted = 0;
            List<String> refusals = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                SmtpDialogue.Reply reply = smtp.read();
                if (reply.code() == 250) {
                    accepted++;
                } else {
                    refusals.add(reply.text());
                }
            }
            assertThat(accepted).isEqualTo(100);
            assertThat(refusals).hasSize(9_900).allMatch(text -> text.startsWith("452 4.5.3"));
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("From: " + LAB + "\r\nTo: " + GP + "\r\nSubject: " + subject + "\r\n\r\nRésultats.\r\n.");
            assertThat(smtp.read().code()).isEqualTo(250);
        }
        new MailClient(caducee.server()).awaitDelivered(GP, PASSWORD, subject);
    }

    @Test
    void tenThousandNestedPartsAreRefusedWithAnEnhancedCode() throws Exception {
        StringBuilder head = new StringBuilder("Subject: nested\r\n");
        StringBuilder tail = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            head.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
            tail.insert(0, "\r\n--b" + i + "--\r\n");
        }
        head.append("Content-Type: text/plain\r\n\r\ninnermost").append(tail);
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), LAB, PASSWORD)) {
            SmtpDialogue.Reply reply = sendMessage(smtp, head.toString());
            assertThat(reply.code()).isEqualTo(554);
            assertThat(reply.text()).contains("5.6.0").contains("nested");
        }
    }

    @Test
    void aOneMegabyteHeaderIsRefusedWithAnEnhancedCode() throws Exception {
        String folded = ("x".repeat(70) + "\r\n ").repeat(15_000);
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), LAB, PASSWORD)) {
            SmtpDialogue.Reply reply = sendMessage(smtp, "Subject: long\r\nX-Long: " + folded + "end\r\n\r\nbody\r\n");
            assertThat(reply.code()).isEqualTo(554);
            assertThat(reply.text()).startsWith("554 5.6.0 A header field of the message is longer than 65536 bytes")
                .doesNotContain("MIME structure");
        }
    }

    @Test
    void malformedButReadableMimeIsDeliveredAsItIsAndReadableOverImap() throws Exception {
        String subject = "Malforme " + UUID.randomUUID();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(("Subject: " + subject + " =?utf-8?B?pas du base64?=\r\n").getBytes(StandardCharsets.UTF_8));
        // 8-bit in a header without SMTPUTF8, a NUL byte in a header and in the body, a base64 part that is not
        // base64, a text part in an unknown charset.
        raw.write("X-Service: Cardiologie H\u00f4pital\r\n".getBytes(StandardCharsets.ISO_8859_1));
        raw.write("X-Nul: a\0b\r\n".getBytes(StandardCharsets.US_ASCII));
        raw.write(("Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=x-inconnu\r\n\r\nnul \0 ici\r\n"
            + "--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n!!! pas du base64 !!!\r\n"
            + "--b--\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(sendRaw(raw.toByteArray()).code()).isEqualTo(250);
        new MailClient(caducee.server()).awaitDelivered(GP, PASSWORD, subject.substring(subject.indexOf(' ') + 1));
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(GP, PASSWORD)).startsWith("OK");
            assertThat(ImapDialogue.status(imap.command("SELECT INBOX"))).startsWith("OK");
            List<String> fetched = imap.command("FETCH 1:* (BODYSTRUCTURE ENVELOPE BODY.PEEK[])");
            assertThat(ImapDialogue.status(fetched)).startsWith("OK");
        }
    }

    @Test
    void aMultipartWithoutItsBoundaryIsRefusedWithAReason() throws Exception {
        // Its parts cannot be told apart, so what it carries (an IHE_XDM.ZIP?) cannot be checked.
        SmtpDialogue.Reply reply = sendRaw(("Subject: sans frontiere\r\nContent-Type: multipart/mixed; boundary=\"declared\""
            + "\r\n\r\n--other\r\nContent-Type: text/plain\r\n\r\ntexte\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.text()).contains("5.6.0").contains("boundary");
    }

    /** Submits headers and body as bytes, after From and To. */
    private static SmtpDialogue.Reply sendRaw(byte[] headersAndBody) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), LAB, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + LAB + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + GP + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.writeRaw(("From: " + LAB + "\r\nTo: " + GP + "\r\n").getBytes(StandardCharsets.US_ASCII));
            smtp.writeRaw(headersAndBody);
            smtp.write(".");
            return smtp.read();
        }
    }

    @Test
    void aHugeImapLiteralIsRefusedBeforeItIsRead() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(GP, PASSWORD)).startsWith("OK");
            // James 3.8.1 alone answered "+ Ok" and spooled what followed to a temporary file.
            imap.writeRaw("a9 APPEND INBOX {2000000000}\r\n");
            String answer = imap.readLine();
            assertThat(answer).startsWith("a9 NO [TOOBIG] A command may carry at most 26214400 bytes of literals")
                .contains("announces 2000000000");
            assertNoStackTrace(answer);

            // The session goes on, and a message of a reasonable size is appended as ever.
            String message = "From: " + GP + "\r\nSubject: Brouillon\r\n\r\nNote.\r\n";
            imap.writeRaw("a10 APPEND INBOX {" + message.length() + "}\r\n");
            assertThat(imap.readLine()).startsWith("+");
            imap.writeRaw(message + "\r\n");
            String line;
            do {
                line = imap.readLine();
            } while (line != null && !line.startsWith("a10 "));
            assertThat(line).startsWith("a10 OK");
        }
        assertThat(new TestClients.WebAdmin(caducee.server()).get("/audit?decision=REFUSED").body())
            .contains("\"rule\":\"imap-literal-too-large\"").contains("\"login\":\"" + GP + "\"");
    }

    @Test
    void aLiteralPasswordLargerThanAnyPasswordIsRefusedBeforeLogin() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            imap.writeRaw("a1 LOGIN " + GP + " {100000}\r\n");
            String answer = imap.readLine();
            assertThat(answer).startsWith("a1 NO [TOOBIG] Before login a command may carry at most 8192 bytes");
            assertThat(imap.login(GP, PASSWORD)).startsWith("OK");
        }
    }

    @Test
    void aNonSynchronizingHugeLiteralEndsTheConnection() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(GP, PASSWORD)).startsWith("OK");
            imap.writeRaw("a9 APPEND INBOX {2000000000+}\r\n" + "x".repeat(64 * 1024));
            assertThat(imap.readLine()).startsWith("a9 BAD [TOOBIG] ");
            assertThat(imap.readLine()).startsWith("* BYE ");
            assertThat(imap.readLine()).isNull();
        }
    }

    @Test
    void deeplyNestedImapParenthesesAreRefusedAndTheSessionGoesOn() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(GP, PASSWORD)).startsWith("OK");
            assertThat(ImapDialogue.status(imap.command("SELECT INBOX"))).startsWith("OK");
            // James 3.8.1 alone overflowed its stack and closed the connection without an answer.
            List<String> answer = imap.command("SEARCH " + "(".repeat(10_000) + "ALL" + ")".repeat(10_000));
            assertThat(ImapDialogue.status(answer)).isEqualTo(
                "BAD Parentheses are nested more than 100 deep in this command: simplify it");
            assertThat(ImapDialogue.status(imap.command("SEARCH " + "(".repeat(20) + "ALL" + ")".repeat(20))))
                .startsWith("OK");
        }
        assertThat(new TestClients.WebAdmin(caducee.server()).get("/audit?decision=REFUSED").body())
            .contains("\"rule\":\"imap-nesting-too-deep\"");
    }

    @Test
    void anOverlongImapLineIsRefusedOrCutOff() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            imap.writeRaw("a1 LOGIN " + "x".repeat(200_000) + " y\r\n");
            String line = imap.readLine();
            if (line != null) {
                assertThat(line).doesNotStartWith("a1 OK");
                assertNoStackTrace(line);
            }
        }
    }

    private static SmtpDialogue.Reply sendMessage(SmtpDialogue smtp, String headersAndBody) throws IOException {
        SmtpDialogue.Reply mail = smtp.send("MAIL FROM:<" + LAB + ">");
        if (mail.code() != 250) {
            return mail;
        }
        SmtpDialogue.Reply rcpt = smtp.send("RCPT TO:<" + GP + ">");
        if (rcpt.code() != 250) {
            return rcpt;
        }
        assertThat(smtp.send("DATA").code()).isEqualTo(354);
        smtp.write("From: " + LAB + "\r\nTo: " + GP + "\r\n" + headersAndBody + "\r\n.");
        return smtp.read();
    }

    private static SmtpDialogue.Reply readOrClosed(SmtpDialogue smtp) {
        try {
            return smtp.read();
        } catch (IOException closed) {
            return null;
        }
    }

    private static void assertNoStackTrace(String text) {
        assertThat(text).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at org.apache");
    }
}
