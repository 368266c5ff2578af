package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * A server whose audit trail cannot write refuses messages with {@code 451 4.3.0} and does not spool them; it
 * takes them again as soon as the trail can write, without a restart. Today's segment is made unwritable by a
 * folder standing in its place.
 */
class AuditUnavailableIT {
    static final String DOMAIN = "chu-disque.localhost";
    static final String DOCTOR = "dr.plein@" + DOMAIN;
    static final String WARD = "pneumologie@" + DOMAIN;
    static final String PASSWORD = "pass-disque-1234";

    static Path dataDir;
    static CaduceeProcess server;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("caducee-it-");
        server = CaduceeProcess.start(dataDir.resolve("server"), Map.of(), AuditUnavailableIT.class.getSimpleName());
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);
        admin.addDomain(DOMAIN);
        admin.addBox(DOCTOR, PASSWORD);
        admin.addBox(WARD, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void messageIsRefusedWith451AndNotSpooledWhileTheTrailCannotWriteThenAcceptedAgain() throws Exception {
        Path blocker = server.dataDir().resolve("var/audit/audit-" + LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        Files.createDirectories(blocker);
        String refusedSubject = "Refused without a record " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(server, DOCTOR, PASSWORD)) {
            SmtpDialogue.Reply reply = send(smtp, refusedSubject);
            assertThat(reply.code()).isEqualTo(451);
            assertThat(reply.text()).contains("4.3.0").contains("audit trail").contains("send it again later");
        }

        Files.delete(blocker);
        String acceptedSubject = "Accepted " + UUID.randomUUID();
        String messageId;
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(server, DOCTOR, PASSWORD)) {
            messageId = "<" + UUID.randomUUID() + "@" + DOMAIN + ">";
            assertThat(send(smtp, acceptedSubject, messageId).code()).isEqualTo(250);
        }

        MailClient client = new MailClient(server);
        assertThat(client.awaitDelivered(WARD, PASSWORD, acceptedSubject)).hasSize(1);
        // Spooled before the second, the first would have been delivered first.
        assertThat(client.inbox(WARD, PASSWORD, refusedSubject)).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> records = new TestClients.WebAdmin(server)
                .get("/audit?messageId=" + URLEncoder.encode(messageId, StandardCharsets.UTF_8));
            assertThat(records.body()).contains("\"ACCEPTED\"").contains("\"DELIVERED\"");
        });
        assertThat(Files.readString(server.log())).contains("the audit trail cannot record its acceptance");
    }

    private static SmtpDialogue.Reply send(SmtpDialogue smtp, String subject) throws Exception {
        return send(smtp, subject, "<" + UUID.randomUUID() + "@" + DOMAIN + ">");
    }

    private static SmtpDialogue.Reply send(SmtpDialogue smtp, String subject, String messageId) throws Exception {
        assertThat(smtp.send("MAIL FROM:<" + DOCTOR + ">").code()).isEqualTo(250);
        assertThat(smtp.send("RCPT TO:<" + WARD + ">").code()).isEqualTo(250);
        assertThat(smtp.send("DATA").code()).isEqualTo(354);
        smtp.write("From: " + DOCTOR);
        smtp.write("To: " + WARD);
        smtp.write("Message-ID: " + messageId);
        smtp.write("Subject: " + subject);
        smtp.write("");
        smtp.write("Compte rendu.");
        return smtp.send(".");
    }
}
