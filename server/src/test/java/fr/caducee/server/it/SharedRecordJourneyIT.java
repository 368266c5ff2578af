package fr.caducee.server.it;

import static fr.caducee.domain.documents.AnsSamples.Sample.BIO;
import static fr.caducee.domain.documents.AnsSamples.Sample.IMAGING;
import static fr.caducee.domain.documents.AnsSamples.Sample.IMAGING_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.activation.DataHandler;
import javax.mail.Flags;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.james.mdn.MDNReport;
import org.apache.james.mdn.MDNReportParser;
import org.apache.james.mdn.type.DispositionType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.identity.smime.SignedMessages;
import fr.caducee.domain.documents.AnsSamples;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.TestClients;

/**
 * The shared record as its users meet it, across its parts, on the packaged server over real sockets and TLS: a
 * GP's practice software deposits ANS's imaging report by submission (STARTTLS, AUTH) and saves its Sent copy as a
 * mail client does; the record's MDN comes back, marks that copy over IMAP and is answered by {@code GET /receipts}
 * on the HTTPS API; a deposit for a patient this operator does not know comes back as ANS's 902 and stores nothing;
 * a laboratory's software (an APP box, no Sent copy) reads its receipts over the API, an MDN's and, when it asked
 * for none, the plain receipt of a refusal; another doctor finds and
 * retrieves the document byte for byte, the patient is told of the new document and of that doctor's first access and
 * reads the access log; the GP replaces the report, then withdraws it, and the record shows each state while the
 * trace stays.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedRecordJourneyIT {
    static final String DOMAIN = "journey.localhost";
    static final String RECORD_BOX = "dmp@" + DOMAIN;
    static final String STRUCTURE = "750000051";
    static final String LAB_FINESS = "130000094";
    static final String PASSWORD = "mot de passe du parcours";
    /** The GP (médecin traitant) who wrote ANS's imaging report: Eric THOMAS. */
    static final String GP = "dr.thomas@" + DOMAIN;
    /** The laboratory's software, pushing reports over SMTP without keeping a copy. */
    static final String LAB_SOFTWARE = "sil@" + DOMAIN;
    /** Another doctor, who reads the record later. */
    static final String DOCTOR = "dr.urgences@" + DOMAIN;
    static final String PATIENT = AnsSamples.PATIENT_INS + "@patient." + DOMAIN;
    /** A valid INS that no patient of this operator holds. */
    static final String UNKNOWN_INS = "146026322000196";
    static final String LOINC_IMAGING = "18748-4";
    static final String NEW_DOCUMENT = "Nouveau document dans votre dossier médical partagé";
    static final String FIRST_ACCESS = "Un nouveau professionnel a consulté votre dossier médical";
    static final String KO = "[KO Intégration système !]";
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withProperty("caducee.records.box", RECORD_BOX)
        .withProperty("caducee.records.structure", STRUCTURE)
        .withProperty("caducee.demo", "false");

    static Session mail;
    static MailClient mailClient;
    static HttpClient https;
    /** The imaging report as deposited, version 1 then its replacement. */
    static byte[] imagingV1;
    static byte[] imagingV2;
    /** The record's ids of the imaging report's versions, as the API gives them. */
    static String imagingV1Id;
    static String imagingV2Id;

    @BeforeAll
    static void registerThePeopleOfTheJourney() throws Exception {
        mail = TestClients.mailClient(caducee.server());
        mailClient = new MailClient(caducee.server());
        https = HttpClient.newBuilder().sslContext(TestClients.trustingServer(caducee.server()))
            .connectTimeout(Duration.ofSeconds(10)).build();
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        admin.addDomain("patient." + DOMAIN);
        professional(admin, GP, AnsSamples.IMAGING_AUTHOR_REGISTRABLE, "THOMAS", "Eric");
        professional(admin, DOCTOR, TestClients.WebAdmin.idNatFor(DOCTOR), "MOREAU", "Claire");
        // The biologist of ANS's lab report, whom the laboratory's software deposits for; no box of their own.
        TestClients.WebAdmin.expect(201, admin.put("/directory/professionals/" + AnsSamples.BIO_AUTHOR_REGISTRABLE,
            "{\"title\":\"DR\",\"lastName\":\"CAMPARINI\",\"firstName\":\"Marcel\",\"professionCode\":\"10\","
                + "\"professionLabel\":\"Médecin\"}"));
        TestClients.WebAdmin.expect(201, admin.put("/directory/structures/1" + LAB_FINESS,
            "{\"name\":\"Laboratoire du parcours\"}"));
        TestClients.WebAdmin.expect(201, admin.put("/directory/boxes/" + LAB_SOFTWARE,
            "{\"type\":\"APP\",\"structure\":\"1" + LAB_FINESS + "\",\"softwareRef\":\"SIL-EXEMPLE-2.3\"}"));
        TestClients.WebAdmin.expect(204, admin.put("/directory/boxes/" + LAB_SOFTWARE + "/password",
            "{\"password\":\"" + PASSWORD + "\"}"));
        TestClients.WebAdmin.expect(201, admin.put("/directory/patients/" + AnsSamples.PATIENT_INS,
            "{\"lastName\":\"" + AnsSamples.PATIENT_FAMILY_NAME + "\",\"firstName\":\"DOMINIQUE\",\"birthDate\":\""
                + AnsSamples.PATIENT_BIRTH_DATE + "\",\"domain\":\"" + DOMAIN + "\"}"));
        TestClients.WebAdmin.expect(204, admin.put("/directory/patients/" + AnsSamples.PATIENT_INS + "/password",
            "{\"password\":\"" + PASSWORD + "\"}"));
        imagingV1 = AnsSamples.registrable(IMAGING);
        imagingV2 = AnsSamples.registrable(IMAGING_V2);
    }

    private static void professional(TestClients.WebAdmin admin, String box, String idNat, String lastName,
                                     String firstName) throws Exception {
        TestClients.WebAdmin.expect(201, admin.put("/directory/professionals/" + idNat, "{\"title\":\"DR\","
            + "\"lastName\":\"" + lastName + "\",\"firstName\":\"" + firstName + "\",\"professionCode\":\"10\","
            + "\"professionLabel\":\"Médecin\"}"));
        TestClients.WebAdmin.expect(201, admin.put("/directory/boxes/" + box,
            "{\"type\":\"PER\",\"professional\":\"" + idNat + "\"}"));
        TestClients.WebAdmin.expect(204, admin.put("/directory/boxes/" + box + "/password",
            "{\"password\":\"" + PASSWORD + "\"}"));
    }

    @Test
    @Order(1)
    void theGpsSoftwareDepositsTheImagingReportAndItsSentCopyIsMarkedProcessed() throws Exception {
        String subject = "XDM/1.0/DDM+Radio de hanche PAT-TROIS DOMINIQUE 28/03/1979";
        MimeMessage deposit = deposit(GP, subject, AnsSamples.xdm(imagingV1), true);
        Transport.send(deposit, GP, PASSWORD);
        saveInSent(GP, deposit);
        String messageId = deposit.getMessageID();

        MimeMessage mdn = awaitInInbox(GP, subject);
        assertThat(mdn.getContentType()).startsWith("multipart/report").contains("disposition-notification");
        MDNReport report = MDNReportParser.parse(dispositionFields(mdn)).get();
        assertThat(report.getDispositionField().getType()).isEqualTo(DispositionType.Processed);
        assertThat(report.getOriginalMessageIdField()).get().extracting(id -> id.getOriginalMessageId())
            .isEqualTo(messageId);
        assertThat(report.getFinalRecipientField().getFinalRecipient().formatted()).isEqualTo(RECORD_BOX);

        awaitSentFlag(GP, messageId, "$Processed");
        assertThat(sentFlags(GP, messageId)).doesNotContain("$ProcessingFailed").doesNotContain("$DepositFailed");

        HttpResponse<String> receipts = api("/receipts?box=" + enc(GP) + "&messageId=" + enc(messageId), GP);
        assertThat(receipts.statusCode()).as(receipts.body()).isEqualTo(200);
        JsonNode recipient = onlyRecipient(JSON.readTree(receipts.body()));
        assertThat(recipient.path("address").asText()).isEqualTo(RECORD_BOX);
        assertThat(recipient.path("disposition").path("status").asText()).isEqualTo("processed");
        assertThat(recipient.path("disposition").path("code").isNull()).isTrue();
        assertThat(JSON.readTree(receipts.body()).path("keywords").toString()).contains("$Processed");
    }

    @Test
    @Order(2)
    void aDepositForAPatientUnknownHereComesBackAs902AndStoresNothing() throws Exception {
        byte[] stranger = AnsSamples.replace(AnsSamples.replace(imagingV1,
                "extension=\"" + AnsSamples.PATIENT_INS + "\"", "extension=\"" + UNKNOWN_INS + "\""),
            IMAGING.uniqueId(), IMAGING.uniqueId() + "9");
        String subject = "XDM/1.0/DDM+Radio de hanche INCONNU DOMINIQUE 28/03/1979";
        MimeMessage deposit = deposit(GP, subject, AnsSamples.xdm(stranger), true);
        Transport.send(deposit, GP, PASSWORD);
        saveInSent(GP, deposit);
        String messageId = deposit.getMessageID();

        MimeMessage mdn = awaitInInbox(GP, KO + "[902] " + subject);
        assertThat(mdn.getContentType()).startsWith("multipart/report").contains("disposition-notification");
        assertThat(disposition(mdn)).isEqualTo("automatic-action/MDN-sent-automatically; processed/Error: "
            + "902^Identifiant de patient inconnu");
        assertThat(attachmentNames(mdn)).contains("IHE_XDM.ZIP");

        awaitSentFlag(GP, messageId, "$DepositFailed");
        assertThat(sentFlags(GP, messageId)).contains("$ProcessingFailed").doesNotContainPattern("\\$Processed[ )]");

        JsonNode recipient = onlyRecipient(JSON.readTree(api("/receipts?box=" + enc(GP) + "&messageId="
            + enc(messageId), GP).body()));
        assertThat(recipient.path("disposition").path("status").asText()).isEqualTo("error");
        assertThat(recipient.path("disposition").path("code").asText()).isEqualTo("902");
        assertThat(recipient.path("disposition").path("label").asText()).isEqualTo("Identifiant de patient inconnu");

        HttpResponse<String> unknownRecord = api(search(UNKNOWN_INS, ""), GP);
        assertThat(unknownRecord.statusCode()).as(unknownRecord.body()).isEqualTo(200);
        assertThat(ids(JSON.readTree(unknownRecord.body()))).isEmpty();
        assertThat(masterIds(JSON.readTree(api(search(AnsSamples.PATIENT_INS, "&status=current,superseded"), GP)
            .body()))).containsExactly("urn:oid:" + IMAGING.uniqueId());
    }

    @Test
    @Order(3)
    void laboratorySoftwareWithoutSentCopyReadsItsReceiptOverTheApi() throws Exception {
        String subject = "XDM/1.0/DDM+CR de biologie PAT-TROIS DOMINIQUE 28/03/1979";
        MimeMessage deposit = deposit(LAB_SOFTWARE, subject, AnsSamples.xdm(AnsSamples.registrable(BIO)), true);
        Transport.send(deposit, LAB_SOFTWARE, PASSWORD);
        String messageId = deposit.getMessageID();

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> answer = api("/receipts?messageId=" + enc(messageId), LAB_SOFTWARE);
            return answer.statusCode() == 200
                && !onlyRecipient(JSON.readTree(answer.body())).path("disposition").isNull();
        });
        JsonNode receipts = JSON.readTree(api("/receipts?messageId=" + enc(messageId), LAB_SOFTWARE).body());
        assertThat(receipts.path("box").asText()).isEqualTo(LAB_SOFTWARE);
        JsonNode recipient = onlyRecipient(receipts);
        assertThat(recipient.path("address").asText()).isEqualTo(RECORD_BOX);
        assertThat(recipient.path("disposition").path("status").asText()).isEqualTo("processed");
        // The GP's receipts are not the laboratory's to read.
        assertThat(api("/receipts?box=" + enc(GP) + "&messageId=" + enc(messageId), LAB_SOFTWARE).statusCode())
            .isEqualTo(403);
    }

    @Test
    @Order(4)
    void softwareThatAsksForNoMdnGetsAnsPlainReceiptOfARefusalAndReadsItOverTheApi() throws Exception {
        byte[] stranger = AnsSamples.replace(AnsSamples.replace(AnsSamples.registrable(BIO),
                "extension=\"" + AnsSamples.PATIENT_INS + "\"", "extension=\"" + UNKNOWN_INS + "\""),
            "\"" + BIO.uniqueId() + "\"", "\"" + BIO.uniqueId() + "9\"");
        String subject = "XDM/1.0/DDM+CR de biologie INCONNU DOMINIQUE 28/03/1979";
        MimeMessage deposit = deposit(LAB_SOFTWARE, subject, AnsSamples.xdm(stranger), false);
        Transport.send(deposit, LAB_SOFTWARE, PASSWORD);
        String messageId = deposit.getMessageID();

        MimeMessage plain = awaitInInbox(LAB_SOFTWARE, KO + "[902] " + subject);
        assertThat(plain.getContentType()).startsWith("multipart/mixed");
        assertThat(attachmentNames(plain)).contains("IHE_XDM.ZIP");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> answer = api("/receipts?messageId=" + enc(messageId), LAB_SOFTWARE);
            return answer.statusCode() == 200
                && !onlyRecipient(JSON.readTree(answer.body())).path("disposition").isNull();
        });
        JsonNode recipient = onlyRecipient(JSON.readTree(api("/receipts?messageId=" + enc(messageId), LAB_SOFTWARE)
            .body()));
        assertThat(recipient.path("address").asText()).isEqualTo(RECORD_BOX);
        assertThat(recipient.path("disposition").path("status").asText()).isEqualTo("error");
        assertThat(recipient.path("disposition").path("code").asText()).isEqualTo("902");
        assertThat(recipient.path("disposition").path("label").asText()).isEqualTo("Identifiant de patient inconnu");
    }

    @Test
    @Order(5)
    void anotherDoctorReadsTheReportAndThePatientIsToldAndSeesTheRead() throws Exception {
        List<String> told = awaitTexts(PATIENT, NEW_DOCUMENT, 2);
        assertThat(told).anySatisfy(text -> assertThat(text).contains("Radio de hanche").contains("Eric THOMAS"));
        String doctorsIdNat = TestClients.WebAdmin.idNatFor(DOCTOR);
        assertThat(texts(PATIENT, FIRST_ACCESS)).noneMatch(text -> text.contains(doctorsIdNat));

        HttpResponse<String> search = api(search(AnsSamples.PATIENT_INS, "&type=" + enc("http://loinc.org|"
            + LOINC_IMAGING)), DOCTOR);
        assertThat(search.statusCode()).as(search.body()).isEqualTo(200);
        JsonNode found = onlyEntry(JSON.readTree(search.body()));
        assertThat(found.path("masterIdentifier").path("value").asText()).isEqualTo("urn:oid:" + IMAGING.uniqueId());
        assertThat(found.path("status").asText()).isEqualTo("current");
        assertThat(found.path("subject").path("identifier").path("value").asText()).isEqualTo(AnsSamples.PATIENT_INS);
        assertThat(found.path("author").get(0).path("identifier").path("value").asText())
            .isEqualTo(AnsSamples.IMAGING_AUTHOR_REGISTRABLE);
        imagingV1Id = found.path("id").asText();
        String url = found.path("content").get(0).path("attachment").path("url").asText();

        HttpResponse<byte[]> document = https.send(request(URI.create(url).getPath(), DOCTOR).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).isEqualTo(imagingV1);

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> texts(PATIENT, FIRST_ACCESS).stream().anyMatch(text -> text.contains(doctorsIdNat)));
        assertThat(texts(PATIENT, FIRST_ACCESS)).filteredOn(text -> text.contains(doctorsIdNat)).singleElement()
            .satisfies(text -> assertThat(text).contains("MOREAU").doesNotContain("hanche"));

        HttpResponse<String> log = api("/records/access-log?patient=" + AnsSamples.PATIENT_INS, PATIENT);
        assertThat(log.statusCode()).as(log.body()).isEqualTo(200);
        assertThat(JSON.readTree(log.body()).path("entries")).anySatisfy(entry -> {
            assertThat(entry.path("action").asText()).isEqualTo("read");
            assertThat(entry.path("reader").path("id").asText()).isEqualTo(doctorsIdNat);
            assertThat(entry.path("reader").path("box").asText()).isEqualTo(DOCTOR);
            assertThat(entry.path("mode").asText()).isEqualTo("normal");
            assertThat(entry.path("document").path("title").asText()).isEqualTo("Radio de hanche");
        });
    }

    @Test
    @Order(6)
    void theGpReplacesThenWithdrawsTheReportAndTheTraceStays() throws Exception {
        String replacement = "XDM/1.0/DDM+Radio de hanche v2 PAT-TROIS DOMINIQUE 28/03/1979";
        MimeMessage replacing = deposit(GP, replacement, AnsSamples.xdm(imagingV2), true);
        Transport.send(replacing, GP, PASSWORD);
        saveInSent(GP, replacing);
        assertThat(disposition(awaitInInbox(GP, replacement))).endsWith("; processed");
        awaitSentFlag(GP, replacing.getMessageID(), "$Processed");

        JsonNode current = JSON.readTree(api(imagingSearch(""), DOCTOR).body());
        JsonNode newVersion = onlyEntry(current);
        assertThat(newVersion.path("masterIdentifier").path("value").asText()).isEqualTo("urn:oid:" + IMAGING_V2.uniqueId());
        assertThat(newVersion.path("status").asText()).isEqualTo("current");
        assertThat(newVersion.path("relatesTo").get(0).path("code").asText()).isEqualTo("replaces");
        imagingV2Id = newVersion.path("id").asText();
        JsonNode superseded = onlyEntry(JSON.readTree(api(imagingSearch("&status=superseded"), DOCTOR).body()));
        assertThat(superseded.path("id").asText()).isEqualTo(imagingV1Id);
        assertThat(superseded.path("status").asText()).isEqualTo("superseded");
        HttpResponse<byte[]> read = https.send(request("/fhir/Binary/" + imagingV2Id, DOCTOR).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(read.body()).isEqualTo(imagingV2);

        String withdrawal = "XDM/1.0/DDM+Suppression radio de hanche PAT-TROIS DOMINIQUE 28/03/1979";
        MimeMessage withdrawing = deposit(GP, withdrawal,
            AnsSamples.xdm(AnsSamples.Submitted.withdrawn(imagingV2)), true);
        Transport.send(withdrawing, GP, PASSWORD);
        assertThat(disposition(awaitInInbox(GP, withdrawal))).endsWith("; processed");

        assertThat(ids(JSON.readTree(api(imagingSearch(""), DOCTOR).body()))).isEmpty();
        assertThat(ids(JSON.readTree(api(imagingSearch("&status=current,superseded"), DOCTOR).body())))
            .doesNotContain(imagingV2Id);
        assertThat(https.send(request("/fhir/Binary/" + imagingV2Id, DOCTOR).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        // The patient's record no longer shows it either, and the reads of both versions stay in the log.
        assertThat(masterIds(JSON.readTree(api(search(AnsSamples.PATIENT_INS, ""), PATIENT).body())))
            .doesNotContain("urn:oid:" + IMAGING_V2.uniqueId(), "urn:oid:" + IMAGING.uniqueId());
        JsonNode entries = JSON.readTree(api("/records/access-log?patient=" + AnsSamples.PATIENT_INS, PATIENT)
            .body()).path("entries");
        assertThat(entries).anySatisfy(entry -> assertThat(entry.path("document").path("id").asText())
            .isEqualTo(imagingV1Id));
        assertThat(entries).anySatisfy(entry -> assertThat(entry.path("document").path("id").asText())
            .isEqualTo(imagingV2Id));
        // Notices for the two versions, none for the withdrawal.
        assertThat(texts(PATIENT, NEW_DOCUMENT)).filteredOn(text -> text.contains("Radio de hanche")).hasSize(2);
    }

    // --- the mail client

    /** A deposit as practice software writes it: the archive attached as IHE_XDM.ZIP, an MDN asked for or not. */
    private static MimeMessage deposit(String from, String subject, byte[] archive, boolean askMdn)
            throws MessagingException {
        MimeMessage message = new MimeMessage(mail);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(RECORD_BOX));
        message.setSubject(subject, "UTF-8");
        message.setHeader("X-MSS-INS", "O");
        if (askMdn) {
            message.setHeader("Disposition-Notification-To", from);
        }
        MimeMultipart body = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Dépôt au dossier médical partagé.", "UTF-8");
        body.addBodyPart(text);
        MimeBodyPart zip = new MimeBodyPart();
        zip.setDataHandler(new DataHandler(new ByteArrayDataSource(archive, "application/zip")));
        zip.setFileName("IHE_XDM.ZIP");
        body.addBodyPart(zip);
        message.setContent(body);
        message.saveChanges();
        return message;
    }

    /** What a mail client does after sending: the same message APPENDed to its Sent folder, seen. */
    private static void saveInSent(String box, MimeMessage sent) throws MessagingException {
        Store store = mail.getStore("imaps");
        store.connect(box, PASSWORD);
        try {
            Folder folder = store.getFolder("Sent");
            if (!folder.exists()) {
                folder.create(Folder.HOLDS_MESSAGES);
            }
            sent.setFlag(Flags.Flag.SEEN, true);
            folder.appendMessages(new Message[] {sent});
        } finally {
            store.close();
        }
    }

    /** The FLAGS of the box's Sent copy of this message, as the server answers a client's FETCH. */
    private static String sentFlags(String box, String messageId) throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(box, PASSWORD)).startsWith("OK");
            imap.command("EXAMINE Sent");
            for (String line : imap.command("UID SEARCH HEADER Message-ID \"" + messageId + "\"")) {
                if (line.startsWith("* SEARCH ")) {
                    String uid = line.substring("* SEARCH ".length()).strip().split(" ")[0];
                    return String.join("\n", imap.command("UID FETCH " + uid + " (FLAGS)"));
                }
            }
            return "";
        }
    }

    private static void awaitSentFlag(String box, String messageId, String keyword) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> sentFlags(box, messageId).contains(keyword));
    }

    /** Waits for the one INBOX message with exactly this subject and returns it. */
    private static MimeMessage awaitInInbox(String box, String subject) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> inbox(box, subject).size() == 1);
        try {
            return inbox(box, subject).get(0);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Read through the operator's signature, which the record's receipts and notices carry. */
    private static List<MimeMessage> inbox(String box, String subject) throws MessagingException {
        List<MimeMessage> read = new ArrayList<>();
        for (MimeMessage message : mailClient.messages(box, PASSWORD, subject)) {
            read.add(SignedMessages.unwrapped(message));
        }
        return read;
    }

    /** The plain texts of the box's INBOX messages with this subject. */
    private static List<String> texts(String box, String subject) throws Exception {
        List<String> texts = new ArrayList<>();
        for (MimeMessage message : inbox(box, subject)) {
            assertThat(message.getFrom()).containsExactly(new InternetAddress(RECORD_BOX));
            assertThat(message.isMimeType("text/plain")).as("a notice is plain text, no attachment").isTrue();
            texts.add((String) message.getContent());
        }
        return texts;
    }

    private static List<String> awaitTexts(String box, String subject, int count) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> texts(box, subject).size() >= count);
        try {
            return texts(box, subject);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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

    // --- the HTTPS API

    private static HttpRequest.Builder request(String pathAndQuery, String box) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + caducee.server().ports().api() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((box + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> api(String pathAndQuery, String box) throws Exception {
        return https.send(request(pathAndQuery, box).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String search(String ins, String more) {
        return "/fhir/DocumentReference?patient.identifier=" + enc("urn:oid:" + AnsSamples.PATIENT_AUTHORITY + "|" + ins)
            + more;
    }

    private static String imagingSearch(String more) {
        return search(AnsSamples.PATIENT_INS, "&type=" + enc("http://loinc.org|" + LOINC_IMAGING) + more);
    }

    private static List<String> ids(JsonNode bundle) {
        return bundle.path("entry").findValues("resource").stream().map(r -> r.path("id").asText()).toList();
    }

    private static List<String> masterIds(JsonNode bundle) {
        return bundle.path("entry").findValues("resource").stream()
            .map(r -> r.path("masterIdentifier").path("value").asText()).toList();
    }

    private static JsonNode onlyEntry(JsonNode bundle) {
        assertThat(bundle.path("entry")).as(bundle.toString()).hasSize(1);
        return bundle.path("entry").get(0).path("resource");
    }

    private static JsonNode onlyRecipient(JsonNode receipts) {
        assertThat(receipts.path("recipients")).as(receipts.toString()).hasSize(1);
        return receipts.path("recipients").get(0);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
