package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.DevPki;

/**
 * Receipts on the sender's side, on the packaged server over real TLS: a box sends over submission asking for a
 * delivery DSN and an MDN, and saves its copy in Sent over IMAP as clients do; the 'delivered' DSN the server sends,
 * then the recipient's MDN (RFC 8098's form, then ANS's error form, then ANS's plain e-mail receipt), mark the copy
 * with keywords an open IMAP session is told of, and GET /receipts answers per recipient; receipts from another
 * operator over the MX are matched alike. A report that cannot be read stays in the box.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReceiptsIT {
    static final String DOMAIN = "chu-receipts.localhost";
    static final String DOCTOR = "dr.martin@" + DOMAIN;
    static final String WARD = "cardiologie@" + DOMAIN;
    static final String PASSWORD = "pass-receipts-1234";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static final String PEER_RECIPIENT = "secretariat@" + DevPki.PEER_HOST_NAME;

    /** Mail for the peer operator waits in the outgoing queue: its gateway here refuses connections (retried later). */
    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withProperty("caducee.relay.gateway", "localhost:" + CaduceeProcess.freePort())
        .withBox(DOCTOR, PASSWORD)
        .withBox(WARD, PASSWORD);

    /** The doctor's mail client, its Sent folder selected all along, as an open client keeps it. */
    static ImapDialogue watching;

    @BeforeAll
    static void openTheSendersClient() throws Exception {
        watching = ImapDialogue.connect(caducee.server());
        assertThat(watching.login(DOCTOR, PASSWORD)).startsWith("OK");
        watching.command("CREATE Sent");
        assertThat(ImapDialogue.status(watching.command("SELECT Sent"))).startsWith("OK");
    }

    @AfterAll
    static void closeTheSendersClient() {
        watching.close();
    }

    @Test
    @Order(1)
    void deliveredDsnThenRfc8098MdnMarkTheSentCopyAndAreAnsweredPerRecipient() throws Exception {
        String messageId = newMessageId();
        String envelopeId = "env-" + UUID.randomUUID();
        sendAskingForReceipts(messageId, envelopeId, "Compte rendu de consultation");
        appendSentCopy(messageId, "Compte rendu de consultation");

        // The server's 'delivered' DSN (processor local-delivered) arrives in the doctor's INBOX and marks the copy.
        awaitKeywords(messageId, "$Delivered");
        assertThat(search(DOCTOR, "INBOX", "SUBJECT \"Distribu\"")).isNotEmpty();
        JsonNode delivered = receipts(DOCTOR, messageId);
        assertThat(delivered.path("envelopeId").asText()).isEqualTo(envelopeId);
        JsonNode recipient = onlyRecipient(delivered);
        assertThat(recipient.path("address").asText()).isEqualTo(WARD);
        assertThat(recipient.path("originalRecipient").asText()).isEqualTo(WARD);
        assertThat(recipient.path("delivery").path("status").asText()).isEqualTo("delivered");
        assertThat(recipient.path("delivery").path("code").asText()).isEqualTo("2.0.0");
        assertThat(recipient.path("disposition").isNull()).isTrue();

        // The ward's software integrates the report and answers an MDN in RFC 8098's form.
        sendMdn(messageId, "automatic-action/MDN-sent-automatically; processed", "Integre : Compte rendu de consultation");

        List<String> told = awaitToldInOpenSession("$Processed");
        assertThat(String.join("\n", told)).contains("$Delivered");
        assertThat(keywordsOf(messageId)).contains("$Delivered", "$Processed").doesNotContain("$ProcessingFailed");
        JsonNode processed = onlyRecipient(receipts(DOCTOR, messageId));
        assertThat(processed.path("disposition").path("status").asText()).isEqualTo("processed");
        assertThat(processed.path("disposition").path("code").isNull()).isTrue();
        assertThat(processed.path("delivery").path("status").asText()).isEqualTo("delivered");
    }

    @Test
    @Order(2)
    void ansErrorMdnMarksTheSentCopyAsProcessingFailedWithItsCodeAndLabel() throws Exception {
        String messageId = newMessageId();
        sendAskingForReceipts(messageId, "env-" + UUID.randomUUID(), "XDM/1.0/DDM+Compte rendu");
        appendSentCopy(messageId, "XDM/1.0/DDM+Compte rendu");
        awaitKeywords(messageId, "$Delivered");

        sendMdn(messageId, "automatic-action/MDN-sent-automatically; processed/Error: 902^Identifiant de patient inconnu"
            + "^messageErrorCondition| E^Error^errorSeverity",
            "=?UTF-8?Q?[KO_Int=C3=A9gration_syst=C3=A8me_!][902]_XDM/1.0/DDM+Compte_rendu?=");

        awaitKeywords(messageId, "$ProcessingFailed");
        assertThat(keywordsOf(messageId)).contains("$DepositFailed").doesNotContain("$Processed");
        JsonNode failed = onlyRecipient(receipts(DOCTOR, messageId));
        assertThat(failed.path("disposition").path("status").asText()).isEqualTo("error");
        assertThat(failed.path("disposition").path("code").asText()).isEqualTo("902");
        assertThat(failed.path("disposition").path("label").asText()).isEqualTo("Identifiant de patient inconnu");
    }

    @Test
    @Order(3)
    void aReportThatCannotBeReadStaysInTheBoxChangesNothingAndIsLogged() throws Exception {
        String messageId = newMessageId();
        sendAskingForReceipts(messageId, "env-" + UUID.randomUUID(), "Lettre de liaison");
        awaitReceipt(messageId, "delivery");
        String before = receipts(DOCTOR, messageId).toString();

        String reportId = newMessageId();
        String subject = "Illisible " + UUID.randomUUID();
        send(WARD, DOCTOR, List.of(
            "From: " + WARD, "To: " + DOCTOR, "Message-ID: " + reportId, "Subject: " + subject, "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=disposition-notification; boundary=\"b1\"", "",
            "--b1", "Content-Type: text/plain", "", "Lu.", "",
            "--b1", "Content-Type: message/disposition-notification", "",
            "Final-Recipient: rfc822; " + WARD, "Original-Message-ID: " + messageId,
            "Disposition: lu par le destinataire", "",
            "--b1--"));

        await().atMost(PATIENCE).until(() -> !search(DOCTOR, "INBOX", "SUBJECT \"" + subject + "\"").isEmpty());
        await().atMost(PATIENCE).until(() -> Files.readString(caducee.server().log()).contains(reportId));
        assertThat(Files.readString(caducee.server().log())).containsPattern("WARN.*Receipt " + reportId.replace(".", "\\.")
            + ".*cannot be read");
        assertThat(receipts(DOCTOR, messageId).toString()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aSentCopySavedAfterItsReceiptArrivedIsMarkedWhenSaved() throws Exception {
        String messageId = newMessageId();
        sendAskingForReceipts(messageId, "env-" + UUID.randomUUID(), "Ordonnance");
        awaitReceipt(messageId, "delivery");

        appendSentCopy(messageId, "Ordonnance");

        awaitKeywords(messageId, "$Delivered");
    }

    @Test
    @Order(5)
    void receiptsFromAnotherOperatorOverTheMxAreMatchedWithTheMessageSentThere() throws Exception {
        String messageId = newMessageId();
        String envelopeId = "env-" + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + DOCTOR + "> ENVID=" + envelopeId).code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + PEER_RECIPIENT + "> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;"
                + PEER_RECIPIENT).code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            for (String line : List.of("From: " + DOCTOR, "To: " + PEER_RECIPIENT, "Message-ID: " + messageId,
                    "Subject: Demande d'avis", "Disposition-Notification-To: " + DOCTOR, "", "Votre avis ?")) {
                smtp.write(line);
            }
            assertThat(smtp.send(".").code()).isEqualTo(250);
        }
        appendSentCopy(messageId, "Demande d'avis");

        // The peer's MTA says it delivered (RFC 3464 as Postfix writes it, null sender), then its reader's client
        // says the message was displayed (RFC 8098).
        fromPeer(List.of(
            "From: MAILER-DAEMON@" + DevPki.PEER_HOST_NAME, "To: " + DOCTOR, "Message-ID: " + newMessageId(),
            "Subject: Successful Mail Delivery Report", "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn-boundary\"", "",
            "--dsn-boundary", "Content-Description: Notification", "Content-Type: text/plain; charset=us-ascii", "",
            "Your message was successfully delivered to the destination(s) listed below.", "",
            "--dsn-boundary", "Content-Description: Delivery report", "Content-Type: message/delivery-status", "",
            "Reporting-MTA: dns; mx." + DevPki.PEER_HOST_NAME, "Original-Envelope-Id: " + envelopeId,
            "Arrival-Date: Mon,  7 Dec 2026 08:10:00 +0100 (CET)", "",
            "Final-Recipient: rfc822; " + PEER_RECIPIENT, "Original-Recipient: rfc822;" + PEER_RECIPIENT,
            "Action: delivered", "Status: 2.0.0", "Diagnostic-Code: X-Postfix; delivery via local: delivered to mailbox", "",
            "--dsn-boundary", "Content-Description: Message Headers", "Content-Type: text/rfc822-headers", "",
            "Message-ID: " + messageId, "Subject: Demande d'avis", "",
            "--dsn-boundary--"));
        fromPeer(List.of(
            "From: " + PEER_RECIPIENT, "To: " + DOCTOR, "Message-ID: " + newMessageId(),
            "Subject: Lu : Demande d'avis", "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=disposition-notification; boundary=\"mdn\"", "",
            "--mdn", "Content-Type: text/plain", "", "Votre message a ete affiche.", "",
            "--mdn", "Content-Type: message/disposition-notification", "",
            "Reporting-UA: poste; Thunderbird", "Final-Recipient: rfc822;" + PEER_RECIPIENT,
            "Original-Message-ID: " + messageId, "Disposition: manual-action/MDN-sent-manually; displayed", "",
            "--mdn--"));

        awaitKeywords(messageId, "$Displayed");
        assertThat(keywordsOf(messageId)).contains("$Delivered");
        JsonNode recipient = onlyRecipient(receipts(DOCTOR, messageId));
        assertThat(recipient.path("address").asText()).isEqualTo(PEER_RECIPIENT);
        assertThat(recipient.path("delivery").path("status").asText()).isEqualTo("delivered");
        assertThat(recipient.path("delivery").path("label").asText()).contains("delivered to mailbox");
        assertThat(recipient.path("disposition").path("status").asText()).isEqualTo("displayed");
    }

    @Test
    @Order(6)
    void ansPlainReceiptSentWithoutMdnRequestMarksTheSentCopyAsProcessingFailed() throws Exception {
        String messageId = newMessageId();
        sendAskingForReceipts(messageId, "env-" + UUID.randomUUID(), "XDM/1.0/DDM+Lettre de liaison");
        appendSentCopy(messageId, "XDM/1.0/DDM+Lettre de liaison");

        send(WARD, DOCTOR, List.of(
            "From: " + WARD, "To: " + DOCTOR, "Message-ID: " + newMessageId(), "In-Reply-To: " + messageId,
            "Subject: =?UTF-8?Q?[KO_Int=C3=A9gration_syst=C3=A8me_!][903]_XDM/1.0/DDM+Lettre_de_liaison?=",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit", "",
            "Le document n'a pas pu être intégré : 903^INS absent du document"));

        awaitKeywords(messageId, "$ProcessingFailed");
        JsonNode failed = onlyRecipient(receipts(DOCTOR, messageId));
        assertThat(failed.path("disposition").path("status").asText()).isEqualTo("error");
        assertThat(failed.path("disposition").path("code").asText()).isEqualTo("903");
        assertThat(failed.path("disposition").path("label").asText()).isEqualTo("INS absent du document");
    }

    @Test
    @Order(7)
    void anUnknownMessageIsNotFoundAndAMissingParameterIsABadRequestBothWithASentence() throws Exception {
        HttpResponse<String> unknown = admin().get("/receipts?box=" + encode(DOCTOR) + "&messageId="
            + encode("<nobody-sent-this@" + DOMAIN + ">"));
        HttpResponse<String> otherBox = admin().get("/receipts?box=" + encode(WARD) + "&messageId="
            + encode("<nobody-sent-this@" + DOMAIN + ">"));
        HttpResponse<String> missing = admin().get("/receipts?box=" + encode(DOCTOR));

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("message").asText()).contains("No message").contains(DOCTOR);
        assertThat(otherBox.statusCode()).isEqualTo(404);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).path("message").asText()).contains("messageId");
        assertThat(TestClients.WebAdmin.withoutToken(caducee.server()).get("/receipts?box=" + encode(DOCTOR)
            + "&messageId=x").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(8)
    void theSendingBoxReadsItsReceiptsOverTheHttpsApiWithItsOwnPasswordAndNoOtherBoxDoes() throws Exception {
        String messageId = newMessageId();
        sendAskingForReceipts(messageId, "env-" + UUID.randomUUID(), "Lettre de liaison");
        awaitReceipt(messageId, "delivery");
        HttpClient https = HttpClient.newBuilder().sslContext(TestClients.trustingServer(caducee.server()))
            .connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> own = https.send(api("/receipts?messageId=" + encode(messageId), DOCTOR), BodyHandlers.ofString());
        HttpResponse<String> stranger = https.send(api("/receipts?box=" + encode(DOCTOR) + "&messageId="
            + encode(messageId), WARD), BodyHandlers.ofString());
        HttpResponse<String> incomplete = https.send(api("/receipts", DOCTOR), BodyHandlers.ofString());
        HttpResponse<String> unknown = https.send(api("/receipts?messageId=" + encode("<nobody-sent-this@" + DOMAIN
            + ">"), DOCTOR), BodyHandlers.ofString());
        HttpResponse<String> anonymous = https.send(api("/receipts?messageId=" + encode(messageId), null),
            BodyHandlers.ofString());

        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(onlyRecipient(JSON.readTree(own.body())).path("delivery").path("status").asText()).isEqualTo("delivered");
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(stranger.body()).contains("receipts-not-your-box").contains("may not send as " + DOCTOR);
        assertThat(stranger.body()).doesNotContain("delivered");
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertThat(incomplete.body()).contains("receipts-query-incomplete");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("receipts-unknown-message").contains("No message");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private static HttpRequest api(String pathAndQuery, String login) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:"
            + caducee.server().ports().api() + pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (login != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((login + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
        }
        return request.build();
    }

    /** Last: the server is killed. */
    @Test
    @Order(9)
    void aMessageKilledWithTheServerRightAfterIts250IsFollowedAndDeliveredAfterRestart() throws Exception {
        String messageId = newMessageId();
        sendAskingForReceipts(messageId, "env-" + UUID.randomUUID(), "Avis d'hospitalisation");
        caducee.server().kill();
        caducee.server().startAgain();

        appendSentCopy(messageId, "Avis d'hospitalisation");
        awaitKeywords(messageId, "$Delivered");
        // Recorded once however often the spool replayed it (a replay may deliver twice, never lose).
        JsonNode receipts = receipts(DOCTOR, messageId);
        assertThat(onlyRecipient(receipts).path("delivery").path("status").asText()).isEqualTo("delivered");
    }

    private static void sendAskingForReceipts(String messageId, String envelopeId, String subject) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + DOCTOR + "> RET=HDRS ENVID=" + envelopeId).code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + WARD + "> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;" + WARD).code())
                .isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            for (String line : message(messageId, subject)) {
                smtp.write(line);
            }
            assertThat(smtp.send(".").code()).isEqualTo(250);
            smtp.send("QUIT");
        }
    }

    private static List<String> message(String messageId, String subject) {
        return List.of("From: " + DOCTOR, "To: " + WARD, "Message-ID: " + messageId, "Subject: " + subject,
            "Disposition-Notification-To: " + DOCTOR, "", "Veuillez trouver le compte rendu.");
    }

    /** What Thunderbird does after sending: the same message APPENDed to Sent, marked \Seen. */
    private static void appendSentCopy(String messageId, String subject) throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(DOCTOR, PASSWORD)).startsWith("OK");
            assertThat(ImapDialogue.status(imap.append("Sent", String.join("\r\n", message(messageId, subject)) + "\r\n")))
                .startsWith("OK");
        }
    }

    /** The recipient's MDN, with the form of Disposition given, to the address Disposition-Notification-To named. */
    private static void sendMdn(String messageId, String disposition, String subject) throws Exception {
        send(WARD, DOCTOR, List.of(
            "From: " + WARD, "To: " + DOCTOR, "Message-ID: " + newMessageId(), "Subject: " + subject,
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=disposition-notification; boundary=\"mdn-boundary\"", "",
            "--mdn-boundary", "Content-Type: text/plain; charset=UTF-8", "",
            "Le document a ete traite.", "",
            "--mdn-boundary", "Content-Type: message/disposition-notification", "",
            "Reporting-UA: dpi.chu-receipts.localhost; DPI 1.0",
            "Original-Recipient: rfc822;" + WARD,
            "Final-Recipient: rfc822; " + WARD,
            "Original-Message-ID: " + messageId,
            "Disposition: " + disposition, "",
            "--mdn-boundary", "Content-Type: text/rfc822-headers", "",
            "Message-ID: " + messageId, "",
            "--mdn-boundary--"));
    }

    /** Over the MX, from the peer operator's certificate, with the null sender of receipts. */
    private static void fromPeer(List<String> lines) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.trustedPeer(caducee.server())) {
            assertThat(smtp.send("MAIL FROM:<>").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + DOCTOR + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            for (String line : lines) {
                smtp.write(line);
            }
            assertThat(smtp.send(".").code()).isEqualTo(250);
            smtp.send("QUIT");
        }
    }

    private static void send(String from, String to, List<String> lines) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), from, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + from + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + to + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            for (String line : lines) {
                smtp.write(line.startsWith(".") ? "." + line : line);
            }
            assertThat(smtp.send(".").code()).isEqualTo(250);
            smtp.send("QUIT");
        }
    }

    private static void awaitKeywords(String messageId, String keyword) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> keywordsOf(messageId).contains(keyword));
    }

    private static void awaitReceipt(String messageId, String kind) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> response = admin().get("/receipts?box=" + encode(DOCTOR) + "&messageId=" + encode(messageId));
            return response.statusCode() == 200 && !onlyRecipient(JSON.readTree(response.body())).path(kind).isNull();
        });
    }

    /** NOOP in the session that had Sent selected all along, until the server tells it of the keyword. */
    private static List<String> awaitToldInOpenSession(String keyword) {
        List<String> told = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> {
            watching.command("NOOP").stream().filter(line -> line.startsWith("* ") && line.contains("FETCH"))
                .forEach(told::add);
            return told.stream().anyMatch(line -> line.contains(keyword));
        });
        return told;
    }

    /** The FLAGS of the doctor's Sent copy, over a fresh IMAP session. */
    private static String keywordsOf(String messageId) throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            imap.login(DOCTOR, PASSWORD);
            imap.command("EXAMINE Sent");
            List<String> uids = uidSearch(imap, "HEADER Message-ID \"" + messageId + "\"");
            if (uids.isEmpty()) {
                return "";
            }
            return String.join("\n", imap.command("UID FETCH " + uids.get(0) + " (FLAGS)"));
        }
    }

    private static List<String> search(String box, String mailbox, String criteria) throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            imap.login(box, PASSWORD);
            imap.command("EXAMINE " + mailbox);
            return uidSearch(imap, criteria);
        }
    }

    private static List<String> uidSearch(ImapDialogue imap, String criteria) throws Exception {
        for (String line : imap.command("UID SEARCH " + criteria)) {
            if (line.startsWith("* SEARCH")) {
                String rest = line.substring("* SEARCH".length()).strip();
                return rest.isEmpty() ? List.of() : List.of(rest.split(" "));
            }
        }
        return List.of();
    }

    private static JsonNode receipts(String box, String messageId) throws Exception {
        HttpResponse<String> response = admin().get("/receipts?box=" + encode(box) + "&messageId=" + encode(messageId));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode onlyRecipient(JsonNode receipts) {
        assertThat(receipts.path("recipients")).hasSize(1);
        return receipts.path("recipients").get(0);
    }

    private static TestClients.WebAdmin admin() {
        return new TestClients.WebAdmin(caducee.server());
    }

    private static String newMessageId() {
        return "<" + UUID.randomUUID() + "@" + DOMAIN + ">";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
