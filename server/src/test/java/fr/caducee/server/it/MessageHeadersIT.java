package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.activation.DataHandler;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.internet.MimeUtility;
import javax.mail.util.ByteArrayDataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.domain.documents.XdmFixtures;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.SmtpDialogue;
import fr.caducee.testkit.TestClients;

/**
 * Headers over real submission and MX sessions, read back over IMAP: the MSSanté document headers must say what the
 * attached IHE_XDM.ZIP says, and our own identity headers are written by the server, never taken from the sender.
 * Archives as practice software writes them and as ANS does (a top folder, subset SS000001, ANS's own published
 * METADATA.XML, whose confidentiality codes keep a document from patients or from professionals).
 */
class MessageHeadersIT {
    static final String DOMAIN = "chu-documents.localhost";
    static final String DOCTOR = "dr.lefevre@" + DOMAIN;
    static final String GP = "dr.garnier@" + DOMAIN;
    static final String PASSWORD = "mot de passe documents";
    static final String QUALIFIED_INS = "146026322000196^^^&1.2.250.1.213.1.4.8&ISO";
    static final String LETTER = "11490-0";
    /** The patient of ANS's sample package (a test INS), with a box here. */
    static final String ANS_PATIENT = "162018885045327@patient." + DOMAIN;
    /** ANS's METADATA.XML as published in ansforge/DRIM-M_DATA (see that folder's README), from the rules' tests. */

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(DOCTOR, PASSWORD)
        .withBox(GP, PASSWORD)
        .withBox(ANS_PATIENT, PASSWORD);

    @Test
    void anArchiveLaidOutAsAnsDoesIsCheckedAndDelivered() throws Exception {
        byte[] archive = ansArchive(withoutCodes("MASQUE_PS", "INVISIBLE_PATIENT"));
        String refused = "XDM/1.0/DDM+Imagerie PAT-SIX Alain " + UUID.randomUUID();
        String accepted = "XDM/1.0/DDM+Imagerie PAT-SIX Alain " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            SmtpDialogue.Reply reply = submit(smtp, GP, message(GP, archive, refused, "X-MSS-CODECDA", "IMG-KOS",
                "X-MSS-CODECDA", "E1762", "X-MSS-INS", "N"));
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.6.0").contains("X-MSS-INS says N").contains("write X-MSS-INS: O");
            assertThat(submit(smtp, GP, message(GP, archive, accepted)).code()).isEqualTo(250);
        }
        MailClient client = new MailClient(caducee.server());
        client.awaitDelivered(GP, PASSWORD, accepted);
        assertThat(client.header(GP, PASSWORD, accepted, "X-MSS-CODECDA")).containsExactly("IMG-KOS", "E1762");
        assertThat(client.header(GP, PASSWORD, accepted, "X-MSS-INS")).containsExactly("O");
        assertThat(client.inbox(GP, PASSWORD, refused)).isEmpty();
    }

    @Test
    void aDocumentInvisibleToThePatientIsNotSentToThePatientAndTheRefusalIsAudited() throws Exception {
        byte[] archive = ansArchive(withoutCodes("MASQUE_PS"));
        String subject = "XDM/1.0/DDM+Imagerie PAT-SIX Alain " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            SmtpDialogue.Reply reply = submit(smtp, ANS_PATIENT, message(ANS_PATIENT, archive, subject));
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1").contains("Signature01 INVISIBLE_PATIENT")
                .contains(ANS_PATIENT + " is a patient's box").contains("without the patient among its recipients");
        }
        assertThat(new MailClient(caducee.server()).inbox(ANS_PATIENT, PASSWORD, subject)).isEmpty();
        assertThat(new TestClients.WebAdmin(caducee.server()).get("/audit?decision=REFUSED").body())
            .contains("document-invisible-to-patient");
    }

    @Test
    void aDocumentMaskedFromProfessionalsIsNotSentToAProfessionalButGoesToThePatient() throws Exception {
        byte[] archive = ansArchive(withoutCodes("INVISIBLE_PATIENT"));
        String toGp = "XDM/1.0/DDM+Imagerie PAT-SIX Alain " + UUID.randomUUID();
        String toPatient = "XDM/1.0/DDM+Imagerie PAT-SIX Alain " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            SmtpDialogue.Reply reply = submit(smtp, GP, message(GP, archive, toGp));
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.7.1").contains("Signature01 MASQUE_PS")
                .contains(GP + " is a professional's box");
            assertThat(submit(smtp, ANS_PATIENT, message(ANS_PATIENT, archive, toPatient)).code()).isEqualTo(250);
        }
        MailClient client = new MailClient(caducee.server());
        client.awaitDelivered(ANS_PATIENT, PASSWORD, toPatient);
        assertThat(client.inbox(GP, PASSWORD, toGp)).isEmpty();
        assertThat(new TestClients.WebAdmin(caducee.server()).get("/audit?decision=REFUSED").body())
            .contains("document-masked-from-professionals");
    }

    @Test
    void aDocumentWhoseHeadersMatchItsMetadataIsDeliveredWithThem() throws Exception {
        String subject = "XDM/1.0/DDM+Lettre de liaison DUPONT Jean " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            assertThat(submit(smtp, message(subject, "X-MSS-CODECDA", LETTER, "X-MSS-INS", "O")).code()).isEqualTo(250);
        }
        MailClient client = new MailClient(caducee.server());
        client.awaitDelivered(GP, PASSWORD, subject);
        assertThat(client.header(GP, PASSWORD, subject, "X-MSS-CODECDA")).containsExactly(LETTER);
        assertThat(client.header(GP, PASSWORD, subject, "X-MSS-INS")).containsExactly("O");
    }

    @Test
    void aContradictingDocumentCodeIsRefusedAtTheEndOfDataAndNotDelivered() throws Exception {
        String refused = "XDM/1.0/DDM+CR hospitalisation DUPONT Jean " + UUID.randomUUID();
        String accepted = "XDM/1.0/DDM+Lettre de liaison DUPONT Jean " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            SmtpDialogue.Reply reply = submit(smtp, message(refused, "X-MSS-CODECDA", "34112-3", "X-MSS-INS", "O"));
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.6.0").contains("X-MSS-CODECDA says 34112-3")
                .contains("METADATA.XML in IHE_XDM.ZIP gives the type code " + LETTER);
            // The session goes on: the corrected message is accepted.
            assertThat(submit(smtp, message(accepted, "X-MSS-CODECDA", LETTER, "X-MSS-INS", "O")).code()).isEqualTo(250);
        }
        MailClient client = new MailClient(caducee.server());
        client.awaitDelivered(GP, PASSWORD, accepted);
        assertThat(client.inbox(GP, PASSWORD, refused)).isEmpty();
    }

    @Test
    void aContradictingInsFlagIsRefused() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            SmtpDialogue.Reply reply = submit(smtp, message("XDM/1.0/DDM+Lettre " + UUID.randomUUID(),
                "X-MSS-CODECDA", LETTER, "X-MSS-INS", "N"));
            assertThat(reply.code()).isEqualTo(550);
            assertThat(reply.text()).contains("5.6.0").contains("X-MSS-INS says N").contains("write X-MSS-INS: O");
        }
    }

    @Test
    void missingDocumentHeadersAreSetFromTheArchive() throws Exception {
        String subject = "XDM/1.0/DDM+Lettre de liaison DUPONT Jean " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            assertThat(submit(smtp, message(subject)).code()).isEqualTo(250);
        }
        MailClient client = new MailClient(caducee.server());
        client.awaitDelivered(GP, PASSWORD, subject);
        assertThat(client.header(GP, PASSWORD, subject, "X-MSS-CODECDA")).containsExactly(LETTER);
        assertThat(client.header(GP, PASSWORD, subject, "X-MSS-INS")).containsExactly("O");
    }

    @Test
    void aForgedIdentityHeaderFromAClientIsReplacedByTheServers() throws Exception {
        String subject = "Avis " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.authenticatedSubmission(caducee.server(), DOCTOR, PASSWORD)) {
            String forged = "From: " + DOCTOR + "\r\nTo: " + GP + "\r\nSubject: " + subject
                + "\r\nX-Caducee-Authenticated: chef.de.service@" + DOMAIN
                + "\r\nX-Caducee-Peer: CN=mx.hopital-de-confiance.fr; serial=01; issuer=CN=IGC-Sante"
                + "\r\n\r\nAvis favorable.\r\n";
            assertThat(submit(smtp, forged).code()).isEqualTo(250);
        }
        MailClient client = new MailClient(caducee.server());
        client.awaitDelivered(GP, PASSWORD, subject);
        assertThat(client.header(GP, PASSWORD, subject, "X-Caducee-Authenticated")).containsExactly(DOCTOR);
        assertThat(client.header(GP, PASSWORD, subject, "X-Caducee-Peer")).isEmpty();
    }

    @Test
    void mailFromAPeerOperatorNamesItsCertificateNotWhatItWrote() throws Exception {
        String subject = "Avis " + UUID.randomUUID();
        try (SmtpDialogue smtp = SmtpDialogue.trustedPeer(caducee.server())) {
            assertThat(smtp.send("MAIL FROM:<secretariat@peer-operator.localhost>").code()).isEqualTo(250);
            assertThat(smtp.send("RCPT TO:<" + GP + ">").code()).isEqualTo(250);
            assertThat(smtp.send("DATA").code()).isEqualTo(354);
            smtp.write("From: secretariat@peer-operator.localhost\r\nTo: " + GP + "\r\nSubject: " + subject
                + "\r\nX-Caducee-Authenticated: " + DOCTOR + "\r\nX-Caducee-Peer: CN=forged\r\n\r\nAvis joint.\r\n.");
            assertThat(smtp.read().code()).isEqualTo(250);
        }
        MailClient client = new MailClient(caducee.server());
        client.awaitDelivered(GP, PASSWORD, subject);
        assertThat(client.header(GP, PASSWORD, subject, "X-Caducee-Authenticated")).isEmpty();
        assertThat(client.header(GP, PASSWORD, subject, "X-Caducee-Peer")).singleElement()
            .satisfies(peer -> assertThat(MimeUtility.unfold(peer)).startsWith("CN=peer-operator.localhost")
                .contains("; serial=").contains("; issuer=CN=Caduc\\C3\\A9e DEVELOPMENT ONLY root CA"));
    }

    /** MAIL, RCPT, DATA and the message with dot-stuffing; the reply to the end of DATA. */
    private static SmtpDialogue.Reply submit(SmtpDialogue smtp, String message) throws Exception {
        return submit(smtp, GP, message);
    }

    private static SmtpDialogue.Reply submit(SmtpDialogue smtp, String to, String message) throws Exception {
        assertThat(smtp.send("MAIL FROM:<" + DOCTOR + ">").code()).isEqualTo(250);
        assertThat(smtp.send("RCPT TO:<" + to + ">").code()).isEqualTo(250);
        assertThat(smtp.send("DATA").code()).isEqualTo(354);
        StringBuilder data = new StringBuilder();
        for (String line : message.split("\r\n", -1)) {
            data.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        smtp.writeRaw(data.toString().getBytes(StandardCharsets.US_ASCII));
        return smtp.send(".");
    }

    /** A practice software's message: a discharge letter for a patient with a qualified INS, in IHE_XDM.ZIP. */
    private static String message(String subject, String... headers) throws Exception {
        return message(GP, archive(), subject, headers);
    }

    private static String message(String to, byte[] archiveBytes, String subject, String... headers) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(DOCTOR);
        message.setRecipients(MimeMessage.RecipientType.TO, to);
        message.setSubject(subject, "UTF-8");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            message.addHeader(headers[i], headers[i + 1]);
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Lettre de liaison de sortie ci-jointe.", "UTF-8");
        MimeBodyPart archive = new MimeBodyPart();
        archive.setDataHandler(new DataHandler(new ByteArrayDataSource(archiveBytes, "application/zip")));
        archive.setFileName("IHE_XDM.ZIP");
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(text);
        mixed.addBodyPart(archive);
        message.setContent(mixed);
        message.saveChanges();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        return bytes.toString(StandardCharsets.US_ASCII).replaceAll("\r?\n", "\r\n");
    }

    private static byte[] archive() throws Exception {
        String metadata = """
            <?xml version="1.0" encoding="UTF-8"?>
            <lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0"
                xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">
              <rim:RegistryObjectList>
                <rim:RegistryPackage id="SubmissionSet01"/>
                <rim:ExtrinsicObject id="Document01" mimeType="text/xml"
                    objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1">
                  <rim:Classification classificationScheme="urn:uuid:f0306f51-975f-434e-a61c-c59651d33983"
                      classifiedObject="Document01" nodeRepresentation="%s" id="type01">
                    <rim:Slot name="codingScheme"><rim:ValueList><rim:Value>2.16.840.1.113883.6.1</rim:Value></rim:ValueList></rim:Slot>
                  </rim:Classification>
                  <rim:ExternalIdentifier identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427"
                      value="%s" registryObject="Document01" id="pid01">
                    <rim:Name><rim:LocalizedString value="XDSDocumentEntry.patientId"/></rim:Name>
                  </rim:ExternalIdentifier>
                </rim:ExtrinsicObject>
              </rim:RegistryObjectList>
            </lcm:SubmitObjectsRequest>
            """.formatted(LETTER, QUALIFIED_INS.replace("&", "&amp;"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "INDEX.HTM", "<html><body>Lettre de liaison</body></html>");
            entry(zip, "README.TXT", "Logiciel: DPI Exemple 7.2");
            entry(zip, "IHE_XDM/SUBSET01/METADATA.XML", metadata);
            entry(zip, "IHE_XDM/SUBSET01/DOC0001.XML", "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>");
        }
        return bytes.toByteArray();
    }

    /** ANS's published metadata without the classifications of these confidentiality codes. */
    private static String withoutCodes(String... codes) throws Exception {
        String metadata = XdmFixtures.ansMetadata();
        for (String code : codes) {
            String edited = metadata.replaceAll(
                "(?s)<Classification [^>]*nodeRepresentation=\"" + code + "\">.*?</Classification>", "");
            assertThat(edited).as("ANS's metadata marks a document " + code).isNotEqualTo(metadata);
            metadata = edited;
        }
        return metadata;
    }

    /** Laid out as ANS's packages are: everything under a KA<yyyyMM> folder, the subset named SS000001. */
    private static byte[] ansArchive(String metadata) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "KA202401/INDEX.HTM", "<html><body>Examen d'imagerie</body></html>");
            entry(zip, "KA202401/README.TXT", "DRIM-M");
            entry(zip, "KA202401/IHE_XDM/SS000001/METADATA.XML", metadata);
            entry(zip, "KA202401/IHE_XDM/SS000001/SIGN_1.XML", "<Signature/>");
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws Exception {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
