package fr.caducee.records.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import javax.mail.BodyPart;
import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;

import fr.caducee.records.DepositRefusal;
import fr.caducee.records.IntegrationError;

class DepositReceiptsTest {
    static final String RECORD_BOX = "dmp@chu.localhost";
    static final String SENDER = "dpi@hopital.localhost";
    static final String SUBJECT = "XDM/1.0/DDM+CR d'imagerie médicale DURAND Paul 14/02/1946";
    static final byte[] ARCHIVE = {'P', 'K', 3, 4, 0, 1, 2, (byte) 0xff};
    static final DepositRefusal UNKNOWN_PATIENT = new DepositRefusal(IntegrationError.UNKNOWN_PATIENT,
        "record-patient-unknown", "No patient with INS 146026322000196 here");

    private final DepositReceipts receipts = new DepositReceipts(RECORD_BOX, "Caducee/0.1");

    @Test
    void aDepositAskingForAnMdnByItsSenderGetsAnMdnInAnsOrder() throws Exception {
        Receipt receipt = receipts.receipt(deposit(SENDER), Optional.of(SENDER), RECORD_BOX, Optional.empty()).orElseThrow();

        assertThat(receipt.form()).isEqualTo(Receipt.Form.MDN);
        assertThat(receipt.to()).isEqualTo(SENDER);
        MimeMessage mdn = reread(receipt.message());
        assertThat(mdn.getContentType()).startsWith("multipart/report").contains("report-type=disposition-notification");
        assertThat(mdn.getSubject()).isEqualTo(SUBJECT);
        assertThat(mdn.getFrom()).containsExactly(new InternetAddress(RECORD_BOX));
        assertThat(mdn.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(mdn.getHeader("In-Reply-To", null)).isEqualTo("<depot-1@hopital.localhost>");
        assertThat(types(mdn)).containsExactly("text/plain", "message/disposition-notification", "message/rfc822",
            "application/zip", "application/pdf");
        String fields = fields(mdn);
        assertThat(fields).contains("Reporting-UA: chu.localhost; Caducee/0.1\r\n")
            .contains("Original-Recipient: rfc822;" + RECORD_BOX + "\r\n")
            .contains("Final-Recipient: rfc822;" + RECORD_BOX + "\r\n")
            .contains("Original-Message-ID: <depot-1@hopital.localhost>\r\n")
            .endsWith("Disposition: automatic-action/MDN-sent-automatically; processed\r\n");
    }

    @Test
    void aRefusedDepositGetsTheKoSubjectAndTheAnsErrorDisposition() throws Exception {
        Receipt receipt = receipts.receipt(deposit(SENDER), Optional.of(SENDER), RECORD_BOX,
            Optional.of(UNKNOWN_PATIENT)).orElseThrow();

        MimeMessage mdn = reread(receipt.message());
        assertThat(mdn.getSubject()).isEqualTo("[KO Intégration système !][902] " + SUBJECT);
        assertThat(fields(mdn)).contains(
            "Disposition: automatic-action/MDN-sent-automatically; processed/Error: 902^Identifiant de patient inconnu\r\n");
        String text = (String) ((Multipart) mdn.getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("902").contains("Identifiant de patient inconnu").contains("record-patient-unknown")
            .contains("No patient with INS");
    }

    @Test
    void theOriginalRecipientFieldOfTheDepositIsReportedAsItsSenderWroteIt() throws Exception {
        MimeMessage deposit = deposit(SENDER);
        deposit.setHeader("Original-Recipient", "rfc822;DMP@chu.localhost");
        Receipt receipt = receipts.receipt(deposit, Optional.of(SENDER), RECORD_BOX, Optional.empty()).orElseThrow();

        assertThat(fields(reread(receipt.message()))).contains("Original-Recipient: rfc822;DMP@chu.localhost\r\n");
    }

    @Test
    void withoutDispositionNotificationToThePlainReceiptGoesToTheSender() throws Exception {
        Receipt receipt = receipts.receipt(deposit(null), Optional.of(SENDER), RECORD_BOX,
            Optional.of(UNKNOWN_PATIENT)).orElseThrow();

        assertThat(receipt.form()).isEqualTo(Receipt.Form.PLAIN);
        MimeMessage plain = reread(receipt.message());
        assertThat(plain.getContentType()).startsWith("multipart/mixed");
        assertThat(plain.getSubject()).isEqualTo("[KO Intégration système !][902] " + SUBJECT);
        assertThat(types(plain)).containsExactly("text/plain", "message/rfc822", "application/zip", "application/pdf");
    }

    @Test
    void aDispositionNotificationToNamingAnotherAddressGetsThePlainReceiptAtTheEnvelopeSender() throws Exception {
        Receipt receipt = receipts.receipt(deposit("secretariat@hopital.localhost"), Optional.of(SENDER), RECORD_BOX,
            Optional.empty()).orElseThrow();

        assertThat(receipt.form()).isEqualTo(Receipt.Form.PLAIN);
        assertThat(receipt.to()).isEqualTo(SENDER);
    }

    @Test
    void theNullSenderGetsNoReceipt() throws Exception {
        assertThat(receipts.receipt(deposit(SENDER), Optional.empty(), RECORD_BOX, Optional.empty())).isEmpty();
    }

    @Test
    void theArchiveIsAttachedAgainByteForByte() throws Exception {
        Receipt receipt = receipts.receipt(deposit(SENDER), Optional.of(SENDER), RECORD_BOX, Optional.empty()).orElseThrow();

        BodyPart zip = ((Multipart) reread(receipt.message()).getContent()).getBodyPart(3);
        assertThat(zip.getFileName()).isEqualTo("IHE_XDM.ZIP");
        assertThat(zip.getInputStream().readAllBytes()).isEqualTo(ARCHIVE);
    }

    /** A deposit as a practice's software writes it: text, the archive, the PDF. */
    static MimeMessage deposit(String dispositionNotificationTo) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(SENDER));
        message.setRecipients(javax.mail.Message.RecipientType.TO, RECORD_BOX);
        message.setSubject(SUBJECT, "UTF-8");
        if (dispositionNotificationTo != null) {
            message.setHeader("Disposition-Notification-To", dispositionNotificationTo);
        }
        MimeMultipart body = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Compte rendu d'imagerie.", "UTF-8");
        body.addBodyPart(text);
        MimeBodyPart zip = new MimeBodyPart();
        zip.setFileName("IHE_XDM.ZIP");
        body.addBodyPart(zip);
        MimeBodyPart pdf = new MimeBodyPart();
        pdf.setFileName("CR_imagerie.pdf");
        body.addBodyPart(pdf);
        zip.setDataHandler(new javax.activation.DataHandler(new javax.mail.util.ByteArrayDataSource(ARCHIVE,
            "application/zip")));
        pdf.setDataHandler(new javax.activation.DataHandler(new javax.mail.util.ByteArrayDataSource(
            "%PDF-1.4".getBytes(StandardCharsets.US_ASCII), "application/pdf")));
        message.setContent(body);
        message.saveChanges();
        message.setHeader("Message-ID", "<depot-1@hopital.localhost>");
        // As the record's box receives it: parsed from the bytes.
        return reread(message);
    }

    /** The receipt as its recipient reads it: written to bytes, parsed again. */
    static MimeMessage reread(MimeMessage message) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes.toByteArray()));
    }

    static List<String> types(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < parts.getCount(); i++) {
            types.add(parts.getBodyPart(i).getContentType().split(";")[0].trim().toLowerCase());
        }
        return types;
    }

    static String fields(MimeMessage message) throws Exception {
        BodyPart report = ((Multipart) message.getContent()).getBodyPart(1);
        return new String(report.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
