package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.identity.smime.ServerSigner;
import fr.caducee.identity.smime.SigningKey;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.SigningRequest;

/**
 * The operator's signature and incoming signatures, on the packaged server over real TLS. Two kinds of message the
 * server writes itself, fetched over IMAP, are {@code multipart/signed} and {@code openssl smime -verify} takes them
 * against the development root (and refuses them once one byte of what is signed is changed): the DSN of a delivery
 * the sender asked to be told of, and the shared record's receipt of a deposit it refused. Messages signed by a
 * hospital's doctor, sent from the peer operator over the MX, get {@code X-Caducee-Signature} {@code valid} (a
 * certificate of the development root), {@code untrusted} (another CA) or {@code invalid} (altered after signing), each
 * with a {@code SIGNATURE_CHECKED} record; a header of that name written by a client does not survive submission.
 */
class ServerSignatureIT {
    static final String DOMAIN = "chu-smime.localhost";
    static final String DOCTOR = "dr.martin@" + DOMAIN;
    static final String WARD = "cardiologie@" + DOMAIN;
    static final String PASSWORD = "pass-smime-1234";
    static final String PEER_DOCTOR = "dr.pair@" + DevPki.PEER_HOST_NAME;
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(DOCTOR, PASSWORD)
        .withBox(WARD, PASSWORD);

    @TempDir
    Path folder;

    @Test
    void theDeliveryDsnTheServerWritesIsSignedAndOpensslVerifiesItAgainstTheAnchors() throws Exception {
        String subject = "Compte rendu signé " + UUID.randomUUID();
        new MailClient(caducee.server()).sendAskingForSuccessNotification(DOCTOR, PASSWORD, WARD, subject,
            "Compte rendu de consultation.");

        byte[] dsn = awaitRaw(DOCTOR, "[Distribué] " + subject);

        assertSignedByTheOperatorAndVerifiedByOpenssl(dsn, "Final-Recipient");
    }

    @Test
    void theRecordsReceiptOfARefusedDepositIsSignedAndOpensslVerifiesIt() throws Exception {
        String subject = "Depot sans archive " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            send(smtp, DOCTOR, "dmp@caducee.localhost", List.of("From: " + DOCTOR, "To: dmp@caducee.localhost",
                "Subject: " + subject, "Message-ID: <" + UUID.randomUUID() + "@" + DOMAIN + ">",
                "Disposition-Notification-To: " + DOCTOR, "", "Rien de joint."));
        }

        byte[] receipt = awaitRaw(DOCTOR, subject);

        assertThat(new String(receipt, StandardCharsets.ISO_8859_1)).contains("KO");
        assertSignedByTheOperatorAndVerifiedByOpenssl(receipt, "Final-Recipient");
    }

    @Test
    void aMessageSignedWithACertificateOfTheAnchorsIsToldValidAndAudited() throws Exception {
        IssuedCertificate doctor = developmentRoot().issue(SigningRequest.of(
            "CN=Dr Paul Pair,OU=Cardiologie,O=CH Pair,C=FR", PEER_DOCTOR));
        String subject = "Avis signé " + UUID.randomUUID();
        String messageId = "<" + UUID.randomUUID() + "@" + DevPki.PEER_HOST_NAME + ">";

        fromPeer(signed(doctor, subject, messageId, "Voici mon avis."));

        String header = awaitSignatureHeader(subject);
        assertThat(header).startsWith("valid; signer=\"CN=Dr Paul Pair,OU=Cardiologie,O=CH Pair,C=FR\"")
            .contains("email=\"" + PEER_DOCTOR + "\"");
        JsonNode record = awaitAudit(messageId);
        assertThat(record.path("rule").asText()).isEqualTo("smime-signature-valid");
        assertThat(record.path("reason").asText()).contains("CN=Dr Paul Pair");
    }

    @Test
    void aSignerFromAnotherCaIsToldUntrusted() throws Exception {
        CertificateAuthority other = CertificateAuthority.createRoot("Autre AC", Instant.now().minusSeconds(3600),
            Instant.now().plus(Duration.ofDays(30)));
        IssuedCertificate stranger = other.issue(SigningRequest.of("CN=Dr Inconnu,O=Ailleurs,C=FR", PEER_DOCTOR));
        String subject = "Avis d'ailleurs " + UUID.randomUUID();
        String messageId = "<" + UUID.randomUUID() + "@" + DevPki.PEER_HOST_NAME + ">";

        fromPeer(signed(stranger, subject, messageId, "Un avis."));

        assertThat(awaitSignatureHeader(subject)).startsWith("untrusted; signer=\"CN=Dr Inconnu,O=Ailleurs,C=FR\"")
            .contains("does not chain to a trust anchor");
        assertThat(awaitAudit(messageId).path("rule").asText()).isEqualTo("smime-signer-untrusted");
    }

    @Test
    void aMessageAlteredAfterItWasSignedIsToldInvalidAndStillDelivered() throws Exception {
        IssuedCertificate doctor = developmentRoot().issue(SigningRequest.of("CN=Dr Paul Pair,O=CH Pair,C=FR",
            PEER_DOCTOR));
        String subject = "Avis modifié " + UUID.randomUUID();
        String messageId = "<" + UUID.randomUUID() + "@" + DevPki.PEER_HOST_NAME + ">";
        byte[] signed = signed(doctor, subject, messageId, "Dose : 1 comprimé par jour.");
        String altered = new String(signed, StandardCharsets.ISO_8859_1).replace("Dose : 1", "Dose : 4");
        assertThat(altered).isNotEqualTo(new String(signed, StandardCharsets.ISO_8859_1));

        fromPeer(altered.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(awaitSignatureHeader(subject)).startsWith("invalid; signer=\"CN=Dr Paul Pair,O=CH Pair,C=FR\"")
            .contains("altered");
        assertThat(awaitAudit(messageId).path("rule").asText()).isEqualTo("smime-signature-invalid");
    }

    @Test
    void aSignatureHeaderWrittenByAClientIsRemovedAndAnUnsignedMessageGetsNone() throws Exception {
        String subject = "Faux en-tete " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            send(smtp, DOCTOR, WARD, List.of("From: " + DOCTOR, "To: " + WARD, "Subject: " + subject,
                "Message-ID: <" + UUID.randomUUID() + "@" + DOMAIN + ">",
                "X-Caducee-Signature: valid; signer=\"CN=Directeur,O=CH,C=FR\"", "", "Faites-moi confiance."));
        }

        byte[] delivered = awaitRaw(WARD, subject);

        assertThat(new String(delivered, StandardCharsets.ISO_8859_1)).doesNotContainIgnoringCase("X-Caducee-Signature")
            .contains("Faites-moi confiance.");
    }

    private void assertSignedByTheOperatorAndVerifiedByOpenssl(byte[] raw, String signedWord) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new java.io.ByteArrayInputStream(raw));
        assertThat(message.getContentType()).startsWith("multipart/signed")
            .contains("application/pkcs7-signature").contains("sha-256");
        Path anchors = caducee.server().pkiDir().resolve(DevPki.ROOT_CERTIFICATE_FILE);
        Path file = folder.resolve(UUID.randomUUID() + ".eml");
        Files.write(file, raw);
        Path signer = folder.resolve(UUID.randomUUID() + "-signer.pem");
        assertThat(openssl("smime", "-verify", "-CAfile", anchors.toString(), "-in", file.toString(), "-out",
            "/dev/null", "-signer", signer.toString())).as("openssl smime -verify").isZero();
        assertThat(openssl("x509", "-in", signer.toString(), "-noout", "-subject")).isZero();
        assertThat(Files.readString(signer)).contains("BEGIN CERTIFICATE");

        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(signedWord, text.indexOf("\r\n\r\n"));
        assertThat(at).as("a word of the signed content").isPositive();
        byte[] altered = raw.clone();
        altered[at] = (byte) (altered[at] == 'F' ? 'G' : 'F');
        Path alteredFile = folder.resolve(UUID.randomUUID() + "-altered.eml");
        Files.write(alteredFile, altered);
        assertThat(openssl("smime", "-verify", "-CAfile", anchors.toString(), "-in", alteredFile.toString(), "-out",
            "/dev/null")).as("openssl smime -verify of an altered copy").isNotZero();
    }

    private static int openssl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static CertificateAuthority developmentRoot() throws Exception {
        Path pki = caducee.server().pkiDir();
        return CertificateAuthority.load(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE), pki.resolve(DevPki.ROOT_KEY_FILE));
    }

    /** A message from the peer's doctor to ours, signed as an S/MIME client signs it. */
    private static byte[] signed(IssuedCertificate certificate, String subject, String messageId, String text)
            throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(PEER_DOCTOR);
        message.setRecipients(Message.RecipientType.TO, DOCTOR);
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        message.setHeader("Message-ID", messageId);
        message.saveChanges();
        message.setHeader("Message-ID", messageId);
        // The key is checked for its own use only (dates, purpose, match): whose CA issued it is for the receiver.
        MimeMessage signed = new ServerSigner(SigningKey.of(certificate.privateKey(), certificate.chain(), Instant.now(),
            "test")).sign(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        signed.writeTo(out);
        return out.toByteArray();
    }

    private static void fromPeer(byte[] message) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.trustedPeer(caducee.server())) {
            List<String> lines = List.of(new String(message, StandardCharsets.ISO_8859_1).split("\r\n", -1));
            send(smtp, PEER_DOCTOR, DOCTOR, lines.get(lines.size() - 1).isEmpty() ? lines.subList(0, lines.size() - 1)
                : lines);
        }
    }

    private static void send(SmtpDialogue smtp, String from, String to, List<String> lines) throws Exception {
        assertThat(smtp.send("MAIL FROM:<" + from + ">").code()).isEqualTo(250);
        assertThat(smtp.send("RCPT TO:<" + to + ">").code()).isEqualTo(250);
        assertThat(smtp.send("DATA").code()).isEqualTo(354);
        for (String line : lines) {
            smtp.write(line.startsWith(".") ? "." + line : line);
        }
        SmtpDialogue.Reply end = smtp.send(".");
        assertThat(end.code()).as(end.toString()).isEqualTo(250);
    }

    private String awaitSignatureHeader(String subject) throws Exception {
        byte[] raw = awaitRaw(DOCTOR, subject);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new java.io.ByteArrayInputStream(raw));
        String[] headers = message.getHeader("X-Caducee-Signature");
        assertThat(headers).as("X-Caducee-Signature").hasSize(1);
        return javax.mail.internet.MimeUtility.unfold(headers[0]);
    }

    /** The raw bytes of the first INBOX message whose subject contains this text, fetched over IMAPS. */
    private static byte[] awaitRaw(String box, String subjectPart) throws Exception {
        Session session = TestClients.mailClient(caducee.server());
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            Store store = session.getStore("imaps");
            store.connect(box, PASSWORD);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    for (Message message : inbox.getMessages()) {
                        if (Optional.ofNullable(message.getSubject()).orElse("").contains(subjectPart)) {
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            message.writeTo(out);
                            return out.toByteArray();
                        }
                    }
                    return null;
                } finally {
                    inbox.close(false);
                }
            } finally {
                store.close();
            }
        }, bytes -> bytes != null);
    }

    private static JsonNode awaitAudit(String messageId) {
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode records = JSON.readTree(admin.get("/audit?decision=SIGNATURE_CHECKED&messageId="
                + URLEncoder.encode(messageId, StandardCharsets.UTF_8)).body());
            JsonNode list = records.isArray() ? records : records.path("records");
            return list.size() == 1 ? list.get(0) : null;
        }, record -> record != null);
    }
}
