package fr.caducee.server.it;

import static fr.caducee.server.it.GatewayHospital.field;
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

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.identity.smime.ServerSigner;
import fr.caducee.identity.smime.SignedMessages;
import fr.caducee.domain.documents.AnsSamples;
import fr.caducee.domain.documents.AnsSamples.Sample;
import fr.caducee.domain.identifier.Luhn;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.gateway.GatewayMessageIds;
import fr.caducee.gateway.GatewayMessageIds.Purpose;
import fr.caducee.gateway.report.AnsDocumentMessages;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.HospitalReceiver;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.MllpClient;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.LeafRequest;

/**
 * Documents from a hospital, end to end on the packaged server: ANS's ORU^R01 and MDM^T02 examples (with ANS's own
 * CDAs) sent over MLLP with TLS by the hospital's information system; the record holds the document (its HTTPS API),
 * the professional's INBOX over IMAPS has the mail with its IHE_XDM.ZIP, the patient's box has theirs; the business
 * receipts come back to the hospital's own MLLP receiver over TLS: Z01 from the record's MDN, Z02 as each DSN
 * arrives, Z03 when the professional's client sends an MDN over SMTP. Then: the same message sent again, a document
 * the patient must not see, a replacement, a deletion, and the receiver down until it is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayDocumentsIT {
    static final String DOMAIN = "chu-documents.localhost";
    static final GatewayHospital HOSPITAL = new GatewayHospital(DOMAIN, Luhn.withCheckDigit("69000002"));
    static final String PASSWORD = GatewayHospital.PASSWORD;
    static final String GP = "dr.hoda@" + DOMAIN;
    static final String PATIENT = AnsSamples.PATIENT_INS + "@patient." + DOMAIN;
    static final String RECORD_BOX = "dmp@" + DOMAIN;
    static final String BIO_SUBJECT = "XDM/1.0/DDM+Compte rendu d'examens biologiques PAT-TROIS DOMINIQUE 28/03/1979";
    static final String IMAGING_SUBJECT = "XDM/1.0/DDM+Radio de hanche PAT-TROIS DOMINIQUE 28/03/1979";
    static final int RECEIVER_PORT = CaduceeProcess.freePort();
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final CaduceeServerExtension caducee = HOSPITAL.declaredOn(new CaduceeServerExtension()
        .withProperty("caducee.demo", "false")
        .withProperty("caducee.defaultDomain", DOMAIN)
        .withProperty("caducee.records.box", RECORD_BOX)
        .withProperty("caducee.records.structure", "750000044")
        .withProperty("caducee.gateway.hospital." + GatewayHospital.ID + ".returnAddress", "localhost:" + RECEIVER_PORT)
        .withProperty("caducee.gateway.returnRetrySeconds", "1")
        .withProperty("caducee.gateway.returnRetryMaxSeconds", "2")
        .withBox(GP, PASSWORD));

    static HospitalReceiver receiver;
    static MailClient mail;
    static HttpClient https;

    @BeforeAll
    static void registerTheHospitalItsPatientAndItsReceiver() throws Exception {
        CaduceeProcess server = caducee.server();
        HOSPITAL.register(server);
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);
        // The hospital's software reads back what it deposited with its password (the record's API).
        TestClients.WebAdmin.expect(204, admin.put("/directory/boxes/" + HOSPITAL.box + "/password",
            "{\"password\":\"" + PASSWORD + "\"}"));
        professional(admin, AnsSamples.BIO_AUTHOR_REGISTRABLE, "CAMPARINI", "Marcel");
        professional(admin, AnsSamples.IMAGING_AUTHOR_REGISTRABLE, "THOMAS", "Eric");
        admin.addDomain("patient." + DOMAIN);
        TestClients.WebAdmin.expect(201, admin.put("/directory/patients/" + AnsSamples.PATIENT_INS,
            "{\"lastName\":\"" + AnsSamples.PATIENT_FAMILY_NAME + "\",\"firstName\":\"DOMINIQUE\",\"birthDate\":\""
                + AnsSamples.PATIENT_BIRTH_DATE + "\",\"domain\":\"" + DOMAIN + "\"}"));
        TestClients.WebAdmin.expect(204, admin.put("/directory/patients/" + AnsSamples.PATIENT_INS + "/password",
            "{\"password\":\"" + PASSWORD + "\"}"));
        // The hospital's MLLP receiver: a certificate for localhost from the development root, which also issued
        // the server's own (the client certificate the receipts come with).
        CertificateAuthority root = CertificateAuthority.load(server.pkiDir().resolve(DevPki.ROOT_CERTIFICATE_FILE),
            server.pkiDir().resolve(DevPki.ROOT_KEY_FILE));
        receiver = HospitalReceiver.tls(TestClients.peer(server, root.issue(LeafRequest.builder("localhost")
            .dnsName("localhost").serverAuth(true).clientAuth(false).build())), RECEIVER_PORT);
        mail = new MailClient(server);
        https = HttpClient.newBuilder().sslContext(TestClients.trustingServer(server)).build();
    }

    private static void professional(TestClients.WebAdmin admin, String idNat, String lastName, String firstName)
            throws Exception {
        TestClients.WebAdmin.expect(201, admin.put("/directory/professionals/" + idNat, "{\"title\":\"DR\",\"lastName\":\""
            + lastName + "\",\"firstName\":\"" + firstName + "\",\"professionCode\":\"10\",\"professionLabel\":\"Médecin\"}"));
    }

    @AfterAll
    static void closeReceiver() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    @Order(1)
    void ansOruReachesTheRecordTheProfessionalAndThePatientAndItsReceiptsComeBack() throws Exception {
        String ack = send(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO, "DOC-1"));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        assertThat(field(ack, "MSA", 2)).isEqualTo("DOC-1");

        // The professional's INBOX, over IMAPS: the mail from the hospital's box, with the archive.
        MimeMessage professional = awaitMail(GP, BIO_SUBJECT, messageId("DOC-1", Purpose.PROFESSIONAL, GP));
        assertThat(professional.getFrom()[0].toString()).contains(HOSPITAL.box);
        assertThat(attachmentNames(professional)).contains("IHE_XDM.ZIP");
        assertThat(professional.getHeader("X-MSS-CODECDA")).containsExactly("11502-2");
        // The patient's box has theirs, which opens a conversation like any professional's message.
        MimeMessage patient = awaitMail(PATIENT, BIO_SUBJECT, messageId("DOC-1", Purpose.PATIENT, PATIENT));
        assertThat(attachmentNames(patient)).contains("IHE_XDM.ZIP");
        // The record holds the document, read back by the hospital's box over the HTTPS API.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> masterIds(current()).contains("urn:oid:" + Sample.BIO.uniqueId()));

        // Z01 from the record's MDN, Z02 from the DSNs of the professional's and the patient's boxes.
        HospitalReceiver.Received z01 = awaitZam("Z01", "DOC-1", 1).get(0);
        assertThat(z01.field("OBX", 5)).startsWith("Y^");
        assertThat(z01.type()).isEqualTo("ZAM^Z01^ZAM_Z01");
        assertThat(z01.client()).hasValueSatisfying(certificate -> assertThat(certificate.getSubjectX500Principal()
            .getName()).contains("caducee.localhost"));
        List<HospitalReceiver.Received> z02 = awaitZam("Z02", "DOC-1", 2);
        assertThat(z02).allSatisfy(zam -> assertThat(zam.field("OBX", 5)).startsWith("Y^"));
        assertThat(z02).extracting(zam -> zam.segments("OBX").get(1)).anySatisfy(obx -> assertThat(obx).contains(GP))
            .anySatisfy(obx -> assertThat(obx).contains(PATIENT));

        // The professional's client sends the MDN the mail asked for: Z03.
        assertThat(professional.getHeader("Disposition-Notification-To")).containsExactly(HOSPITAL.box);
        sendMdn(GP, HOSPITAL.box, professional.getMessageID());
        HospitalReceiver.Received z03 = awaitZam("Z03", "DOC-1", 1).get(0);
        assertThat(z03.field("OBX", 5)).startsWith("Y^");
        assertThat(z03.segments("OBX").get(1)).contains("LECTEUR_MSS").contains(GP);
    }

    @Test
    @Order(2)
    void theSameOruSentAgainGetsTheSameAnswerAndSendsNothingMore() throws Exception {
        String first = send(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO, "DOC-1"));
        String again = send(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO, "DOC-1"));

        assertThat(again).isEqualTo(first);
        Thread.sleep(3_000);
        assertThat(mails(GP, BIO_SUBJECT, messageId("DOC-1", Purpose.PROFESSIONAL, GP))).hasSize(1);
        assertThat(mails(PATIENT, BIO_SUBJECT, messageId("DOC-1", Purpose.PATIENT, PATIENT))).hasSize(1);
        assertThat(zams("Z02", "DOC-1")).hasSize(2);
    }

    @Test
    @Order(3)
    void aDocumentHiddenFromThePatientIsNeverSentToThem() throws Exception {
        // Addressed to the patient: the volet forbids it, the whole message is refused and nothing leaves.
        String refused = send(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO, "HIDDEN-1")
            .flag("INVISIBLE_PATIENT", true));
        assertThat(field(refused, "MSA", 1)).isEqualTo("AE");
        assertThat(field(refused, "ERR", 7)).isEqualTo("hl7-inconsistent-message");

        // ANS's MDM as published: INVISIBLE_PATIENT=Y, DESTMSSANTEPAT=N: the record and the professional only.
        String ack = send(mdm(AnsDocumentMessages.MDM_INITIAL, Sample.IMAGING, "MDM-1").flag("ACK_RECEPTION", true));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        MimeMessage professional = awaitMail(GP, IMAGING_SUBJECT, messageId("MDM-1", Purpose.PROFESSIONAL, GP));
        assertThat(attachmentNames(professional)).contains("IHE_XDM.ZIP");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> masterIds(current()).contains("urn:oid:" + Sample.IMAGING.uniqueId()));
        awaitZam("Z01", "MDM-1", 1);

        assertThat(mails(GP, BIO_SUBJECT, messageId("HIDDEN-1", Purpose.PROFESSIONAL, GP))).isEmpty();
        assertThat(mail.messages(PATIENT, PASSWORD, BIO_SUBJECT)).as("only DOC-1's").hasSize(1);
        assertThat(mail.messages(PATIENT, PASSWORD, IMAGING_SUBJECT)).isEmpty();
    }

    @Test
    @Order(4)
    void aReplacementMakesTheNewVersionCurrentAndADeletionWithdrawsIt() throws Exception {
        assertThat(field(send(oru(AnsDocumentMessages.ORU_REPLACEMENT, Sample.BIO_V2, "DOC-2")), "MSA", 1))
            .isEqualTo("AA");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> masterIds(current()).contains("urn:oid:" + Sample.BIO_V2.uniqueId()));
        assertThat(masterIds(current())).doesNotContain("urn:oid:" + Sample.BIO.uniqueId());
        MimeMessage replacement = awaitMail(GP, BIO_SUBJECT, messageId("DOC-2", Purpose.PROFESSIONAL, GP));
        assertThat(text(replacement)).startsWith("Ce message remplace un envoi précédent");

        assertThat(field(send(oru(AnsDocumentMessages.ORU_DELETION, Sample.BIO_V2, "DOC-3").flag("ACK_RECEPTION", true)),
            "MSA", 1)).isEqualTo("AA");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> !masterIds(current()).contains("urn:oid:" + Sample.BIO_V2.uniqueId()));
        assertThat(masterIds(current())).noneMatch(id -> id.startsWith("urn:oid:1.2.250.1.213.1.1."));
        MimeMessage deletion = awaitMail(GP, BIO_SUBJECT, messageId("DOC-3", Purpose.PROFESSIONAL, GP));
        assertThat(text(deletion)).contains("a été supprimé par son émetteur");
        MimeMessage toPatient = awaitMail(PATIENT, "Document retiré : Compte rendu d'examens biologiques",
            messageId("DOC-3", Purpose.PATIENT, PATIENT));
        assertThat(toPatient.isMimeType("text/plain")).isTrue();
        assertThat(awaitZam("Z01", "DOC-3", 1).get(0).field("OBX", 5)).as("the record withdrew it").startsWith("Y^");
    }

    @Test
    @Order(5)
    void receiptsWaitForAReceiverThatIsDownAndReachItWhenItIsBack() throws Exception {
        receiver.stop();
        int before = receiver.connections();
        String ack = send(oru(AnsDocumentMessages.ORU_INITIAL, Sample.BIO, "DOWN-1").flag("DESTDMP", false)
            .flag("DESTMSSANTEPAT", false));
        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            JsonNode returns = JSON.readTree(new TestClients.WebAdmin(caducee.server()).get("/gateway/returns").body());
            return returns.path("hospitals").findValuesAsText("lastError").stream()
                .anyMatch(error -> error.contains("localhost:" + RECEIVER_PORT));
        });
        receiver.start();

        HospitalReceiver.Received z02 = awaitZam("Z02", "DOWN-1", 1).get(0);
        assertThat(z02.segments("OBX").get(1)).contains(GP);
        assertThat(receiver.connections()).isGreaterThan(before);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
            JSON.readTree(new TestClients.WebAdmin(caducee.server()).get("/gateway/returns").body())
                .path("hospitals").isEmpty());
    }

    // The messages: ANS's examples from this hospital, to this server's professional and patient.

    static AnsDocumentMessages oru(String example, Sample cda, String controlId) {
        return AnsDocumentMessages.of(example, AnsSamples.registrable(cda))
            .controlId(controlId)
            .sendingFacility("labo^" + HOSPITAL.finess + "^M")
            .replace("adam.hoda@test-ci-sis.mssante.fr", GP)
            .replace("279035121518989@patient.mssante.fr", PATIENT);
    }

    /** ANS's MDM with the imaging report's patient in PID (the example's PID names another). */
    static AnsDocumentMessages mdm(String example, Sample cda, String controlId) {
        return AnsDocumentMessages.of(example, AnsSamples.registrable(cda))
            .controlId(controlId)
            .sendingFacility("RIS-Y^" + HOSPITAL.finess + "^M")
            .replace("adam.hoda@test-ci-sis.mssante.fr", GP)
            .replace("274075176079430^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO",
                AnsSamples.PATIENT_INS + "^^^ASIP-SANTE-INS-NIR&" + AnsSamples.PATIENT_AUTHORITY + "&ISO")
            .pidField(5, "PAT-TROIS^DOMINIQUE^^^^^L").pidField(7, "19790328").pidField(8, "F");
    }

    private static String send(AnsDocumentMessages message) throws Exception {
        try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
            return hospital.send(message.text());
        }
    }

    private static String messageId(String controlId, Purpose purpose, String recipient) {
        return GatewayMessageIds.of(BoxAddress.parse(HOSPITAL.box), controlId, purpose, recipient, DOMAIN);
    }

    // What the boxes hold, over IMAPS.

    private static MimeMessage awaitMail(String box, String subject, String messageId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
            .until(() -> !mails(box, subject, messageId).isEmpty());
        try {
            return mails(box, subject, messageId).get(0);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<MimeMessage> mails(String box, String subject, String messageId) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : mail.messages(box, PASSWORD, subject)) {
            if (messageId.equals(message.getMessageID())) {
                // The gateway's mails are the server's writing: signed with the operator's key, read through it.
                assertThat(ServerSigner.isSigned(message)).as("signed by the operator").isTrue();
                found.add(SignedMessages.unwrapped(message));
            }
        }
        return found;
    }

    private static List<String> attachmentNames(MimeMessage message) throws Exception {
        List<String> names = new ArrayList<>();
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getFileName() != null) {
                names.add(part.getFileName());
            }
        }
        return names;
    }

    private static String text(MimeMessage message) throws Exception {
        Object content = message.getContent();
        return content instanceof Multipart parts ? (String) parts.getBodyPart(0).getContent() : (String) content;
    }

    /** The MDN a mail client sends when its user opens a message asking for one. */
    private static void sendMdn(String from, String to, String originalMessageId) throws Exception {
        List<String> lines = List.of("From: " + from, "To: " + to, "Message-ID: <mdn-" + System.nanoTime() + "@" + DOMAIN
                + ">", "Subject: Lu : compte rendu", "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=disposition-notification; boundary=\"mdn\"", "",
            "--mdn", "Content-Type: text/plain; charset=UTF-8", "", "Le message a ete affiche.", "",
            "--mdn", "Content-Type: message/disposition-notification", "",
            "Reporting-UA: " + DOMAIN + "; Thunderbird", "Original-Recipient: rfc822;" + from,
            "Final-Recipient: rfc822; " + from, "Original-Message-ID: " + originalMessageId,
            "Disposition: manual-action/MDN-sent-manually; displayed", "", "--mdn--");
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), from, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + from + ">").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + to + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            for (String line : lines) {
                smtp.write(line);
            }
            assertThat(smtp.send(".").code()).isEqualTo(250);
            smtp.send("QUIT");
        }
    }

    // The receipts the hospital's receiver got.

    private static List<HospitalReceiver.Received> zams(String trigger, String controlId) {
        return receiver.received(trigger).stream().filter(zam -> zam.field("OBX", 4).equals(controlId)).toList();
    }

    private static List<HospitalReceiver.Received> awaitZam(String trigger, String controlId, int count) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
            .until(() -> zams(trigger, controlId).size() >= count);
        return zams(trigger, controlId);
    }

    // The record, read back over the HTTPS API by the hospital's box.

    private static JsonNode current() throws Exception {
        String query = "/fhir/DocumentReference?patient.identifier=" + URLEncoder.encode("urn:oid:"
            + AnsSamples.PATIENT_AUTHORITY + "|" + AnsSamples.PATIENT_INS, StandardCharsets.UTF_8);
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                + caducee.server().ports().api() + query)).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((HOSPITAL.box + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> masterIds(JsonNode bundle) {
        return bundle.path("entry").findValues("resource").stream()
            .map(resource -> resource.path("masterIdentifier").path("value").asText()).toList();
    }
}
