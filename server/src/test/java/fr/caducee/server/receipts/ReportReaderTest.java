package fr.caducee.server.receipts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class ReportReaderTest {

    /** RFC 3464, appendix A.2 (one recipient). */
    static final String RFC3464_SIMPLE = """
        Date: Thu, 7 Jul 1994 17:16:05 -0400
        From: Mail Delivery Subsystem <MAILER-DAEMON@CS.UTK.EDU>
        Message-Id: <199407072116.RAA14128@CS.UTK.EDU>
        Subject: Returned mail: Cannot send message for 5 days
        To: <owner-info-mime@cs.utk.edu>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status;
              boundary="RAA14128.773615765/CS.UTK.EDU"

        --RAA14128.773615765/CS.UTK.EDU

        The original message was received at Sat, 2 Jul 1994 17:10:28 -0400
        from root@localhost

        --RAA14128.773615765/CS.UTK.EDU
        content-type: message/delivery-status

        Reporting-MTA: dns; cs.utk.edu

        Original-Recipient: rfc822;louisl@larry.slip.umd.edu
        Final-Recipient: rfc822;louisl@larry.slip.umd.edu
        Action: failed
        Status: 4.0.0
        Diagnostic-Code: smtp; 426 connection timed out
        Last-Attempt-Date: Thu, 7 Jul 1994 17:15:49 -0400

        --RAA14128.773615765/CS.UTK.EDU
        content-type: message/rfc822

        Message-ID: <original-1@larry.slip.umd.edu>
        Subject: the original

        [original message goes here]
        --RAA14128.773615765/CS.UTK.EDU--
        """;

    /** RFC 3464, appendix A.3 (several recipients, folded diagnostic, comments after the status). */
    static final String RFC3464_MULTIPLE = """
        Date: Fri, 8 Jul 1994 09:21:47 -0400
        From: Mail Delivery Subsystem <MAILER-DAEMON@CS.UTK.EDU>
        Subject: Returned mail: User unknown
        To: <owner-ups-mib@CS.UTK.EDU>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status;
              boundary="JAA13167.773673707/CS.UTK.EDU"

        --JAA13167.773673707/CS.UTK.EDU
        content-type: text/plain; charset=us-ascii

           ----- The following addresses had delivery problems -----

        --JAA13167.773673707/CS.UTK.EDU
        content-type: message/delivery-status

        Reporting-MTA: dns; cs.utk.edu
        Original-Envelope-Id: envelope-42

        Original-Recipient: rfc822;arathib@vnet.ibm.com
        Final-Recipient: rfc822;arathib@vnet.ibm.com
        Action: failed
        Status: 5.0.0 (permanent failure)
        Diagnostic-Code: smtp;  550 'arathib@vnet.IBM.COM' is not a
            registered gateway user
        Remote-MTA: dns; vnet.ibm.com

        Original-Recipient: rfc822;johnh@hpnjld.njd.hp.com
        Final-Recipient: rfc822;johnh@hpnjld.njd.hp.com
        Action: delayed
        Status: 4.0.0 (hpnjld.njd.jp.com: host name lookup failure)

        Original-Recipient: rfc822;wsnell@sdcc13.ucsd.edu
        Final-Recipient: rfc822;wsnell@sdcc13.ucsd.edu
        Action: failed
        Status: 5.0.0
        Diagnostic-Code: smtp; 550 user unknown
        Remote-MTA: dns; sdcc13.ucsd.edu

        --JAA13167.773673707/CS.UTK.EDU
        content-type: message/rfc822

        [original message goes here]
        --JAA13167.773673707/CS.UTK.EDU--
        """;

    /** RFC 8098, section 9 (displayed). */
    static final String RFC8098_DISPLAYED = """
        Date: Wed, 20 Sep 1995 00:19:00 (EDT) -0400
        From: Joe Recipient <Joe_Recipient@example.com>
        Message-Id: <199509200019.12345@example.com>
        Subject: Disposition notification
        To: Jane Sender <Jane_Sender@example.org>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=disposition-notification;
           boundary="RAA14128.773615765/example.com"

        --RAA14128.773615765/example.com

        The message sent on 1995 Sep 19 at 13:30:00 (EDT) -0400 to Joe
        Recipient <Joe_Recipient@example.com> with subject "First draft of
        report" has been displayed.

        --RAA14128.773615765/example.com
        content-type: message/disposition-notification

        Reporting-UA: joes-pc.cs.example.com; Foomail 97.1
        Original-Recipient: rfc822;Joe_Recipient@example.com
        Final-Recipient: rfc822;Joe_Recipient@example.com
        Original-Message-ID: <199509192301.23456@example.org>
        Disposition: manual-action/MDN-sent-manually; displayed

        --RAA14128.773615765/example.com
        content-type: message/rfc822

        [original message optionally goes here]

        --RAA14128.773615765/example.com--
        """;

    /**
     * ANS, struct-msg-mdn.md: its example as published, the notification's fields right under the part's
     * Content-Type (MIME then reads them as the part's header fields); only the blank lines that end a header
     * before a boundary are added, without which no MIME reader finds the parts.
     */
    static final String ANS_ERROR = """
        Date: Wed, 20 Feb 2024 00:19:00 (EDT) -0400
        From: serviceY_auto@chb.mssante.fr
        Message-Id: <199509200019.12345>
        Subject: [KO Intégration système !][902] XDM/1.0/DDM+ECHOGRAPHIE ABDOMINOPELVIENNE CORSE FIGATELLIX 12/10/1988
        To: serviceY@chb.mssante.fr
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=disposition-notification; boundary="RAA14128.773615765"

        --RAA14128.773615765
        Le document n’a pas pu être intégré.
        Le système a retourné l'erreur 902^Identifiant de patient inconnu^messageErrorCondition| E^Error^errorSeverity
        --RAA14128.773615765
        Content-Type: message/disposition-notification
        Original-Recipient: rfc822;serviceY_auto@chb.mssante.fr\040
        Final-Recipient: rfc822; serviceY_auto@chb.mssante.fr\040
        Original-Message-ID: <199509192301.23456 >
        Disposition:automatic-action/MDN-sent-automatically; processed/Error: 902^Identifiant de patient inconnu^messageErrorCondition| E^Error^errorSeverity

        --RAA14128.773615765
        Content-Type: message/rfc822
        Ici apparaît le contenu du courriel MSSanté à l’origine du MDN et ses pièces jointes.
        --RAA14128.773615765--
        """;

    /** The same, written as MIME means it: the notification's fields in the part's body. */
    static final String ANS_ERROR_IN_BODY = ANS_ERROR.replace(
        "Content-Type: message/disposition-notification\n", "Content-Type: message/disposition-notification\n\n");

    @Test
    void rfc3464SingleRecipientIsReadWithItsStatusAndReturnedMessageId() throws Exception {
        DeliveryReport report = (DeliveryReport) ReportReader.read(message(RFC3464_SIMPLE)).orElseThrow();

        assertThat(report.envelopeId()).isEmpty();
        assertThat(report.originalMessageId()).contains("<original-1@larry.slip.umd.edu>");
        assertThat(report.recipients()).singleElement().satisfies(recipient -> {
            assertThat(recipient.finalRecipient()).isEqualTo("louisl@larry.slip.umd.edu");
            assertThat(recipient.originalRecipient()).contains("louisl@larry.slip.umd.edu");
            assertThat(recipient.action()).isEqualTo(DeliveryReport.Action.FAILED);
            assertThat(recipient.status()).contains("4.0.0");
            assertThat(recipient.diagnostic()).contains("smtp; 426 connection timed out");
        });
    }

    @Test
    void rfc3464SeveralRecipientsAreReadEachWithItsActionAndTheEnvelopeId() throws Exception {
        DeliveryReport report = (DeliveryReport) ReportReader.read(message(RFC3464_MULTIPLE)).orElseThrow();

        assertThat(report.envelopeId()).contains("envelope-42");
        assertThat(report.recipients()).extracting(DeliveryReport.RecipientStatus::finalRecipient,
                DeliveryReport.RecipientStatus::action, DeliveryReport.RecipientStatus::status)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple("arathib@vnet.ibm.com", DeliveryReport.Action.FAILED, Optional.of("5.0.0")),
                org.assertj.core.groups.Tuple.tuple("johnh@hpnjld.njd.hp.com", DeliveryReport.Action.DELAYED, Optional.of("4.0.0")),
                org.assertj.core.groups.Tuple.tuple("wsnell@sdcc13.ucsd.edu", DeliveryReport.Action.FAILED, Optional.of("5.0.0")));
        assertThat(report.recipients().get(0).diagnostic().orElseThrow()).contains("registered gateway user");
    }

    @Test
    void rfc8098DisplayedIsReadWithItsOriginalMessageId() throws Exception {
        DispositionReport report = (DispositionReport) ReportReader.read(message(RFC8098_DISPLAYED)).orElseThrow();

        assertThat(report.finalRecipient()).isEqualTo("joe_recipient@example.com");
        assertThat(report.originalRecipient()).contains("joe_recipient@example.com");
        assertThat(report.originalMessageId()).contains("<199509192301.23456@example.org>");
        assertThat(report.disposition().type()).isEqualTo(Disposition.Type.DISPLAYED);
        assertThat(report.disposition().failed()).isFalse();
    }

    @Test
    void ansErrorExampleIsReadWithItsCodeLabelAndSpacedMessageId() throws Exception {
        DispositionReport report = (DispositionReport) ReportReader.read(message(ANS_ERROR)).orElseThrow();

        assertThat(report.finalRecipient()).isEqualTo("servicey_auto@chb.mssante.fr");
        assertThat(report.originalMessageId()).contains("<199509192301.23456>");
        assertThat(report.disposition().error()).contains(new ReceiptError(Optional.of("902"),
            Optional.of("Identifiant de patient inconnu")));
    }

    @Test
    void ansErrorWithItsFieldsInThePartBodyIsReadAlike() throws Exception {
        DispositionReport report = (DispositionReport) ReportReader.read(message(ANS_ERROR_IN_BODY)).orElseThrow();

        assertThat(report.originalMessageId()).contains("<199509192301.23456>");
        assertThat(report.disposition().error().flatMap(ReceiptError::code)).contains("902");
    }

    @Test
    void rfc8098ErrorFieldGivesTheLabelOfAnErrorModifier() throws Exception {
        String mdn = RFC8098_DISPLAYED.replace("Disposition: manual-action/MDN-sent-manually; displayed",
            "Disposition: automatic-action/MDN-sent-automatically; processed/error\nError: the archive is unreadable");

        DispositionReport report = (DispositionReport) ReportReader.read(message(mdn)).orElseThrow();

        assertThat(report.disposition().error()).contains(new ReceiptError(Optional.empty(),
            Optional.of("the archive is unreadable")));
    }

    @Test
    void anOrdinaryMessageIsNoReport() throws Exception {
        assertThat(ReportReader.read(message("""
            From: a@example.org
            Subject: hello
            Content-Type: text/plain

            hello
            """))).isEmpty();
    }

    @Test
    void aReportOfAnotherTypeIsNoReceipt() throws Exception {
        assertThat(ReportReader.read(message(RFC8098_DISPLAYED.replace("report-type=disposition-notification",
            "report-type=feedback-report")))).isEmpty();
    }

    @Test
    void anMdnWithoutItsNotificationPartIsUnreadable() {
        String mdn = RFC8098_DISPLAYED.replace("content-type: message/disposition-notification", "content-type: text/plain");

        assertThatThrownBy(() -> ReportReader.read(message(mdn)))
            .isInstanceOf(UnreadableReportException.class).hasMessageContaining("message/disposition-notification");
    }

    @Test
    void anMdnWithAGarbledDispositionIsUnreadable() {
        String mdn = RFC8098_DISPLAYED.replace("manual-action/MDN-sent-manually; displayed", "lu par le destinataire");

        assertThatThrownBy(() -> ReportReader.read(message(mdn)))
            .isInstanceOf(UnreadableReportException.class).hasMessageContaining("Disposition");
    }

    @Test
    void anMdnWithoutFinalRecipientIsUnreadable() {
        String mdn = RFC8098_DISPLAYED.replace("Final-Recipient: rfc822;Joe_Recipient@example.com\n", "");

        assertThatThrownBy(() -> ReportReader.read(message(mdn)))
            .isInstanceOf(UnreadableReportException.class).hasMessageContaining("Final-Recipient");
    }

    @Test
    void aDsnWithAnUnknownActionOrWithoutFinalRecipientIsUnreadable() {
        assertThatThrownBy(() -> ReportReader.read(message(RFC3464_SIMPLE.replace("Action: failed", "Action: lost"))))
            .isInstanceOf(UnreadableReportException.class).hasMessageContaining("Action 'lost'");
        assertThatThrownBy(() -> ReportReader.read(message(RFC3464_SIMPLE.replace(
                "Final-Recipient: rfc822;louisl@larry.slip.umd.edu\n", ""))))
            .isInstanceOf(UnreadableReportException.class).hasMessageContaining("Final-Recipient");
    }

    @Test
    void aStatusWrittenAsAWholeReplyGivesItsCodeAndOneWithoutCodeIsKeptAsWritten() throws Exception {
        DeliveryReport whole = (DeliveryReport) ReportReader.read(message(RFC3464_SIMPLE.replace("Status: 4.0.0",
            "Status: 550 5.1.1 No such box here"))).orElseThrow();
        DeliveryReport unknown = (DeliveryReport) ReportReader.read(message(RFC3464_SIMPLE.replace("Status: 4.0.0",
            "Status: unknown"))).orElseThrow();

        assertThat(whole.recipients().get(0).status()).contains("5.1.1");
        assertThat(unknown.recipients().get(0).status()).contains("unknown");
    }

    @Test
    void aDsnOnNoRecipientIsUnreadable() {
        String dsn = RFC3464_SIMPLE.substring(0, RFC3464_SIMPLE.indexOf("Original-Recipient"))
            + RFC3464_SIMPLE.substring(RFC3464_SIMPLE.indexOf("--RAA14128.773615765/CS.UTK.EDU\ncontent-type: message/rfc822"));

        assertThatThrownBy(() -> ReportReader.read(message(dsn)))
            .isInstanceOf(UnreadableReportException.class).hasMessageContaining("no recipient");
    }

    static MimeMessage message(String text) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
    }
}
