package fr.caducee.server.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.mdn.MDNReport;
import org.apache.james.mdn.MDNReportParser;
import org.apache.james.mdn.action.mode.DispositionActionMode;
import org.apache.james.mdn.sending.mode.DispositionSendingMode;
import org.apache.james.mdn.type.DispositionType;
import org.junit.jupiter.api.Test;

import fr.caducee.records.DepositRefusal;
import fr.caducee.records.IntegrationError;
import fr.caducee.records.receipt.DepositReceipts;

/** The record's MDNs read by a parser we did not write: James's RFC 8098 parser, and a plain field check for ANS's error form. */
class AnsReceiptParsingTest {
    static final String BOX = "dmp@chu.localhost";
    static final String SENDER = "dpi@hopital.localhost";

    @Test
    void theSuccessMdnParsesWithJamesRfc8098Parser() throws Exception {
        MDNReport report = MDNReportParser.parse(fields(Optional.empty())).get();

        assertThat(report.getFinalRecipientField().getFinalRecipient().formatted()).isEqualTo(BOX);
        assertThat(report.getOriginalRecipientField()).get()
            .extracting(field -> field.getOriginalRecipient().formatted()).isEqualTo(BOX);
        assertThat(report.getOriginalMessageIdField()).get()
            .extracting(field -> field.getOriginalMessageId()).isEqualTo("<depot-7@hopital.localhost>");
        assertThat(report.getDispositionField().getActionMode()).isEqualTo(DispositionActionMode.Automatic);
        assertThat(report.getDispositionField().getSendingMode()).isEqualTo(DispositionSendingMode.Automatic);
        assertThat(report.getDispositionField().getType()).isEqualTo(DispositionType.Processed);
        assertThat(report.getReportingUserAgentField()).get()
            .extracting(field -> field.getUserAgentName()).isEqualTo("chu.localhost");
    }

    @Test
    void theErrorMdnHasEveryRfc8098FieldAndAnsDispositionWithCodeAndLabel() throws Exception {
        String fields = fields(Optional.of(new DepositRefusal(IntegrationError.UNKNOWN_PATIENT, "record-patient-unknown",
            "no such patient")));

        // RFC 8098 3.1: one field per line, "name: value", the required ones present once.
        assertThat(fields.split("\r\n")).allMatch(line -> line.matches("[A-Za-z-]+: .+"));
        assertThat(fields).containsOnlyOnce("Final-Recipient: rfc822;" + BOX)
            .containsOnlyOnce("Original-Message-ID: <depot-7@hopital.localhost>")
            .containsOnlyOnce("Disposition: automatic-action/MDN-sent-automatically; processed/Error: 902^Identifiant de "
                + "patient inconnu\r\n");
    }

    private static String fields(Optional<DepositRefusal> refusal) throws Exception {
        MimeMessage deposit = new MimeMessage(Session.getInstance(new Properties()));
        deposit.setFrom(new InternetAddress(SENDER));
        deposit.setSubject("XDM/1.0/DDM+CR de biologie");
        deposit.setHeader("Disposition-Notification-To", SENDER);
        deposit.setText("Compte rendu");
        deposit.saveChanges();
        deposit.setHeader("Message-ID", "<depot-7@hopital.localhost>");
        MimeMessage mdn = new DepositReceipts(BOX, "Caducee/0.1")
            .receipt(deposit, Optional.of(SENDER), BOX, refusal).orElseThrow().message();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        mdn.writeTo(bytes);
        MimeMessage read = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes.toByteArray()));
        return new String(((Multipart) read.getContent()).getBodyPart(1).getInputStream().readAllBytes(),
            StandardCharsets.UTF_8);
    }
}
