package fr.caducee.server.it;

import static fr.caducee.domain.documents.AnsSamples.Sample.BIO;
import static fr.caducee.domain.documents.AnsSamples.Sample.BIO_V2;
import static fr.caducee.domain.documents.AnsSamples.Sample.IMAGING;
import static fr.caducee.domain.documents.AnsSamples.Sample.IMAGING_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import javax.activation.DataHandler;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.apache.james.mdn.MDNReport;
import org.apache.james.mdn.MDNReportParser;
import org.apache.james.mdn.type.DispositionType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.identity.smime.ServerSigner;
import fr.caducee.identity.smime.SignedMessages;
import fr.caducee.domain.documents.AnsSamples;
import fr.caducee.domain.documents.XdmMetadata;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.StubOperator;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.LeafRequest;

/**
 * The shared record's box, over real SMTP (submission and the MX, with TLS) and IMAP: ANS's lab and imaging samples
 * deposited, replaced, withdrawn and deposited again; the receipts in ANS's forms, read back and parsed by James's
 * MDN parser; the patient told of each new document and not of an INVISIBLE_PATIENT one; a refusal's receipt; a
 * patient refused at RCPT; and a deposit that survives a {@code kill -9} after its 250, its receipt and notice sent
 * exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordDepositIT {
    static final String DOMAIN = "chu-records.localhost";
    static final String RECORD_BOX = "dmp@" + DOMAIN;
    static final String DPI = "dpi@" + DOMAIN;
    static final String STRUCTURE = "750000044";
    static final String PATIENT = AnsSamples.PATIENT_INS + "@patient." + DOMAIN;
    static final String PEER_SENDER = "secretariat@peer-operator.localhost";
    static final String PEER_DN = "CN=peer-operator.localhost,OU=Caducee development peer,O=Caducee,C=FR";
    static final String PASSWORD = "mot de passe du dossier";
    static final String NOTICE_SUBJECT = "Nouveau document dans votre dossier";
    static final String KO = "[KO Intégration système !]";

    @TempDir
    static Path work;
    static CaduceeProcess server;
    static StubOperator peer;
    static Session session;
    static MailClient mailClient;

    @BeforeAll
    static void start() throws Exception {
        DevPki pki = DevPki.ensure(work.resolve("server/pki"), List.of("localhost"));
        peer = new StubOperator(pki.authority().issue(LeafRequest.builder("localhost").dnsName("localhost")
            .subject(PEER_DN).serverAuth(true).clientAuth(true).build()), pki.rootCertificate());
        Path routes = Files.writeString(work.resolve("routes.txt"),
            "peer-operator.localhost   localhost:" + peer.port() + "\n");
        server = CaduceeProcess.start(work.resolve("server"), Map.of(
            "caducee.records.box", RECORD_BOX,
            "caducee.records.structure", STRUCTURE,
            "caducee.routes", routes.toString(),
            "caducee.demo", "false"), "RecordDepositIT");
        session = TestClients.mailClient(server);
        mailClient = new MailClient(server);
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);
        admin.addDomain("patient." + DOMAIN);
        // The hospital's software (an APP box of the structure the record's box was created with).
        TestClients.WebAdmin.expect(201, admin.put("/directory/boxes/" + DPI,
            "{\"type\":\"APP\",\"structure\":\"1" + STRUCTURE + "\",\"softwareRef\":\"SIH-EXEMPLE-4.1\"}"));
        TestClients.WebAdmin.expect(204, admin.put("/directory/boxes/" + DPI + "/password",
            "{\"password\":\"" + PASSWORD + "\"}"));
        // ANS's samples' authors (check digit put right) and patient, with the traits the documents carry.
        professional(admin, AnsSamples.IMAGING_AUTHOR_REGISTRABLE, "THOMAS", "Eric");
        professional(admin, AnsSamples.BIO_AUTHOR_REGISTRABLE, "CAMPARINI", "Marcel");
        TestClients.WebAdmin.expect(201, admin.put("/directory/patients/" + AnsSamples.PATIENT_INS,
            "{\"lastName\":\"" + AnsSamples.PATIENT_FAMILY_NAME + "\",\"firstName\":\"DOMINIQUE\",\"birthDate\":\""
                + AnsSamples.PATIENT_BIRTH_DATE + "\",\"domain\":\"" + DOMAIN + "\"}"));
        TestClients.WebAdmin.expect(204, admin.put("/directory/patients/" + AnsSamples.PATIENT_INS + "/password",
            "{\"password\":\"" + PASSWORD + "\"}"));
    }

    private static void professional(TestClients.WebAdmin admin, String idNat, String lastName, String firstName)
            throws Exception {
        TestClients.WebAdmin.expect(201, admin.put("/directory/professionals/" + idNat, "{\"title\":\"DR\",\"lastName\":\""
            + lastName + "\",\"firstName\":\"" + firstName + "\",\"professionCode\":\"10\",\"professionLabel\":\"Médecin\"}"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    @Test
    @Order(1)
    void aLocalApplicationDepositsReplacesAndWithdrawsTheImagingReportWithAnMdnForEach() throws Exception {
        String subject = "XDM/1.0/DDM+Radio de hanche PAT-TROIS DOMINIQUE " + UUID.randomUUID();
        byte[] v1 = AnsSamples.xdm(AnsSamples.registrable(IMAGING));
        String first = submit(subject, v1, true);

        MimeMessage mdn = awaitOne(DPI, subject, 1).get(0);
        assertThat(mdn.getContentType()).startsWith("multipart/report").contains("disposition-notification");
        MDNReport report = MDNReportParser.parse(dispositionFields(mdn)).get();
        assertThat(report.getDispositionField().getType()).isEqualTo(DispositionType.Processed);
        assertThat(report.getOriginalMessageIdField()).get().extracting(id -> id.getOriginalMessageId()).isEqualTo(first);
        assertThat(report.getFinalRecipientField().getFinalRecipient().formatted()).isEqualTo(RECORD_BOX);
        assertThat(attachmentNames(mdn)).contains("IHE_XDM.ZIP");
        assertThat(notices("Radio de hanche")).hasSize(1);
        assertThat(notices("Radio de hanche").get(0)).contains("Dr Eric THOMAS, Médecin");

        // The same document again: acknowledged, not stored twice, the patient not told twice.
        submit(subject, v1, true);
        awaitOne(DPI, subject, 2);
        assertThat(trail(DPI)).contains("already in the record");

        // Its replacement (RPLC), then its withdrawal: each acknowledged; the patient told of the new version only.
        String replacement = "XDM/1.0/DDM+Radio de hanche v2 " + UUID.randomUUID();
        submit(replacement, AnsSamples.xdm(AnsSamples.registrable(IMAGING_V2)), true);
        assertThat(disposition(awaitOne(DPI, replacement, 1).get(0))).endsWith("; processed");
        await().atMost(Duration.ofSeconds(30)).until(() -> notices("Radio de hanche").size() == 2);

        String withdrawal = "XDM/1.0/DDM+Suppression radio de hanche " + UUID.randomUUID();
        submit(withdrawal, AnsSamples.xdm(AnsSamples.Submitted.withdrawn(AnsSamples.registrable(IMAGING_V2))), true);
        assertThat(disposition(awaitOne(DPI, withdrawal, 1).get(0))).endsWith("; processed");
        assertThat(trail(DPI)).contains("REPLACE " + IMAGING_V2.uniqueId()).contains("DELETE " + IMAGING_V2.uniqueId());
        assertThat(notices("Radio de hanche")).hasSize(2);
    }

    @Test
    @Order(2)
    void anotherOperatorDepositsOverTheMxAndAnInvisibleDocumentIsNotToldToThePatient() throws Exception {
        String messageId = "<" + UUID.randomUUID() + "@peer-operator.localhost>";
        byte[] archive = withConfidentiality(AnsSamples.xdm(AnsSamples.registrable(BIO)), "INVISIBLE_PATIENT");
        MimeMessage deposit = deposit(PEER_SENDER, "XDM/1.0/DDM+CR de biologie " + messageId, archive, true, messageId);

        try (SmtpDialogue mx = SmtpDialogue.trustedPeer(server)) {
            assertThat(mx.send("MAIL FROM:<" + PEER_SENDER + ">").code()).isEqualTo(250);
            assertThat(mx.send("RCPT TO:<" + RECORD_BOX + ">").code()).isEqualTo(250);
            assertThat(mx.send("DATA").code()).isEqualTo(354);
            mx.writeRaw(dotStuffed(deposit));
            assertThat(mx.send(".").code()).isEqualTo(250);
        }

        // The MDN goes back to the peer operator over mutual TLS, with the null sender.
        await().atMost(Duration.ofSeconds(60))
            .until(() -> peer.recipients().stream().anyMatch(rcpt -> rcpt.startsWith("<" + PEER_SENDER + ">")));
        assertThat(peer.senders()).anyMatch(sender -> sender.startsWith("<>"));
        await().atMost(Duration.ofSeconds(30)).until(() -> trail(PEER_SENDER).contains(messageId));
        assertThat(trail(PEER_SENDER)).contains("DEPOSITED").contains("NEW " + BIO.uniqueId());
        assertThat(notices("examens biologiques")).isEmpty();
    }

    @Test
    @Order(3)
    void aMessageWithoutArchiveGetsA906MdnAndAnUnregisteredAuthorA901PlainReceipt() throws Exception {
        String subject = "XDM/1.0/DDM+Sans archive " + UUID.randomUUID();
        MimeMessage noArchive = new MimeMessage(session);
        noArchive.setFrom(new InternetAddress(DPI));
        noArchive.setRecipient(Message.RecipientType.TO, new InternetAddress(RECORD_BOX));
        noArchive.setSubject(subject, "UTF-8");
        noArchive.setHeader("Disposition-Notification-To", DPI);
        noArchive.setText("Le document suit.", "UTF-8");
        Transport.send(noArchive, DPI, PASSWORD);

        MimeMessage mdn = awaitOne(DPI, KO + "[906] " + subject, 1).get(0);
        assertThat(mdn.getSubject()).isEqualTo(KO + "[906] " + subject);
        assertThat(disposition(mdn)).isEqualTo("automatic-action/MDN-sent-automatically; processed/Error: 906^Erreur 'Autre'");
        assertThat(textOf(mdn)).contains("IHE_XDM.ZIP").contains("record-no-archive");

        // ANS's lab report as published: its author's national id fails the RPPS check digit (901), no MDN asked.
        String published = "XDM/1.0/DDM+CR de biologie tel que publié " + UUID.randomUUID();
        submit(published, AnsSamples.xdm(BIO.bytes()), false);
        MimeMessage plain = awaitOne(DPI, KO + "[901] " + published, 1).get(0);
        assertThat(plain.getContentType()).startsWith("multipart/mixed");
        assertThat(textOf(plain)).contains("901").contains("Auteur non autorisé");
        assertThat(attachmentNames(plain)).contains("IHE_XDM.ZIP");
        assertThat(trail(DPI)).contains("REFUSED").contains("record-no-archive");
    }

    @Test
    @Order(4)
    void aPatientWritingToTheRecordsBoxIsRefusedAtRcpt() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(server, PATIENT, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + PATIENT + ">").code()).isEqualTo(250);
            SmtpDialogue.Reply reply = smtp.send("RCPT TO:<" + RECORD_BOX + ">");
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1").contains("shared record's box");
        }
        assertThat(trail(PATIENT)).contains("record-box-from-patient");
    }

    @Test
    @Order(5)
    void aDepositKilledAfterIts250IsStoredAndAcknowledgedExactlyOnceAfterRestart() throws Exception {
        String subject = "XDM/1.0/DDM+CR de biologie v2 " + UUID.randomUUID();
        submit(subject, AnsSamples.xdm(AnsSamples.registrable(BIO_V2)), true);

        server.kill();
        server.startAgain();

        assertThat(disposition(awaitOne(DPI, subject, 1).get(0))).endsWith("; processed");
        await().atMost(Duration.ofSeconds(30)).until(() -> notices("examens biologiques").size() == 1);
        // Time for a second receipt or notice to arrive, were the deposit handled twice.
        Thread.sleep(5_000);
        assertThat(inbox(DPI, subject)).hasSize(1);
        assertThat(notices("examens biologiques")).hasSize(1);
    }

    /** Submits a deposit from the hospital's software; returns its Message-ID. */
    private static String submit(String subject, byte[] archive, boolean askMdn) throws Exception {
        String messageId = "<" + UUID.randomUUID() + "@" + DOMAIN + ">";
        Transport.send(deposit(DPI, subject, archive, askMdn, messageId), DPI, PASSWORD);
        return messageId;
    }

    private static MimeMessage deposit(String from, String subject, byte[] archive, boolean askMdn, String messageId)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(RECORD_BOX));
        message.setSubject(subject, "UTF-8");
        if (askMdn) {
            message.setHeader("Disposition-Notification-To", from);
        }
        MimeMultipart body = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Dépôt au dossier partagé.", "UTF-8");
        body.addBodyPart(text);
        MimeBodyPart zip = new MimeBodyPart();
        zip.setDataHandler(new DataHandler(new ByteArrayDataSource(archive, "application/zip")));
        zip.setFileName("IHE_XDM.ZIP");
        body.addBodyPart(zip);
        message.setContent(body);
        message.saveChanges();
        return message;
    }

    private static byte[] dotStuffed(MimeMessage message) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        String text = bytes.toString(StandardCharsets.UTF_8).replace("\r\n.", "\r\n..");
        return (text.endsWith("\r\n") ? text : text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The archive with a confidentiality code added to its document's metadata (ANS's scheme). */
    private static byte[] withConfidentiality(byte[] archive, String code) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (entry.getName().endsWith("METADATA.XML")) {
                    String xml = new String(content, StandardCharsets.UTF_8);
                    String marker = "  <rim:ExternalIdentifier identificationScheme=\"" + XdmMetadata.PATIENT_ID_SCHEME;
                    assertThat(xml).contains(marker);
                    xml = xml.replaceFirst(java.util.regex.Pattern.quote(marker), java.util.regex.Matcher.quoteReplacement(
                        "  <rim:Classification classificationScheme=\"" + XdmMetadata.CONFIDENTIALITY_SCHEME
                            + "\" classifiedObject=\"Document1\" nodeRepresentation=\"" + code + "\" id=\"conf-fr\">\n"
                            + "    <rim:Slot name=\"codingScheme\"><rim:ValueList><rim:Value>1.2.250.1.213.1.1.4.13"
                            + "</rim:Value></rim:ValueList></rim:Slot>\n  </rim:Classification>\n" + marker));
                    content = xml.getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Waits until the box holds this many messages with the subject, and returns them. */
    private static List<MimeMessage> awaitOne(String box, String subject, int count) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> inbox(box, subject).size() >= count);
        try {
            return inbox(box, subject);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record's receipts and notices are the server's writing: signed with the operator's key, read through it. */
    private static List<MimeMessage> inbox(String box, String subject) throws MessagingException {
        List<MimeMessage> read = new ArrayList<>();
        for (MimeMessage message : mailClient.messages(box, PASSWORD, subject)) {
            assertThat(ServerSigner.isSigned(message)).as("signed by the operator").isTrue();
            read.add(SignedMessages.unwrapped(message));
        }
        return read;
    }

    /** The texts of the patient's notices that name this title. */
    private static List<String> notices(String title) throws Exception {
        List<String> texts = new ArrayList<>();
        for (MimeMessage notice : inbox(PATIENT, "Nouveau document dans votre dossier médical partagé")) {
            String text = (String) notice.getContent();
            if (text.contains(title)) {
                assertThat(notice.getFrom()).containsExactly(new InternetAddress(RECORD_BOX));
                assertThat(notice.isMimeType("text/plain")).isTrue();
                texts.add(text);
            }
        }
        return texts;
    }

    private static String dispositionFields(MimeMessage mdn) throws Exception {
        Multipart parts = (Multipart) mdn.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("message/disposition-notification")) {
                return new String(parts.getBodyPart(i).getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no message/disposition-notification part in " + mdn.getSubject());
    }

    private static String disposition(MimeMessage mdn) throws Exception {
        return dispositionFields(mdn).lines().filter(line -> line.startsWith("Disposition: ")).findFirst()
            .orElseThrow().substring("Disposition: ".length());
    }

    private static String textOf(MimeMessage receipt) throws Exception {
        return (String) ((Multipart) receipt.getContent()).getBodyPart(0).getContent();
    }

    private static List<String> attachmentNames(MimeMessage receipt) throws Exception {
        Multipart parts = (Multipart) receipt.getContent();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).getFileName() != null) {
                names.add(parts.getBodyPart(i).getFileName());
            }
        }
        return names;
    }

    private static String trail(String box) throws Exception {
        return new TestClients.WebAdmin(server).get("/audit?box=" + URLEncoder.encode(box, StandardCharsets.UTF_8)).body();
    }
}
