package fr.caducee.server.receipts;

import static fr.caducee.server.receipts.ReportReaderTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class PlainReceiptTest {

    /** ANS, struct-email-standard.md: its example, the attached original given a header (its placeholder has none). */
    static final String ANS_PLAIN = """
        Date: Wed, 20 Feb 2024 00:19:00 -0400
        From: serviceY_auto@chb.mssante.fr
        To: serviceY@chb.mssante.fr
        Message-ID: <199509200019.12345@chb.mssante.fr>
        Subject: =?UTF-8?Q?[Erreur_d=E2=80=99int=C3=A9gration_!][902]_XDM/1.0/DDM+ECHOGRAPHIE_ABDOMINOPELVIENNE?=
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="boundary12345"

        --boundary12345
        Content-Type: text/plain; charset="UTF-8"
        Content-Transfer-Encoding: 8bit

        Bonjour,

        Le document envoyé n’a pas pu être intégré correctement dans le système.
        Voici les détails de l’erreur rencontrée :

        - Erreur détectée : Identifiant de patient inconnu
        - Code d’erreur : 902

        --boundary12345
        Content-Type: message/rfc822
        Content-Disposition: attachment; filename="message_original.eml"

        Message-ID: <199509192301.23456@chb.mssante.fr>
        Subject: XDM/1.0/DDM+ECHOGRAPHIE ABDOMINOPELVIENNE

        Le compte rendu.

        --boundary12345--
        """;

    @Test
    void ansExampleIsAnErrorOfItsSenderAboutTheAttachedOriginal() throws Exception {
        DispositionReport report = PlainReceipt.read(message(ANS_PLAIN)).orElseThrow();

        assertThat(report.finalRecipient()).isEqualTo("servicey_auto@chb.mssante.fr");
        assertThat(report.originalMessageId()).contains("<199509192301.23456@chb.mssante.fr>");
        assertThat(report.disposition().error()).contains(new ReceiptError(Optional.of("902"),
            Optional.of("Identifiant de patient inconnu")));
    }

    @Test
    void inReplyToNamesTheOriginalFirstAndTheCaretFormGivesTheLabel() throws Exception {
        DispositionReport report = PlainReceipt.read(message("""
            From: dmp@chu.test
            To: dr.martin@chu.test
            In-Reply-To: <m1@chu.test>
            Subject: =?UTF-8?Q?[KO_Int=C3=A9gration_syst=C3=A8me_!][904]_XDM/1.0/DDM+CR?=
            Content-Type: text/plain; charset=UTF-8

            Erreur 904^INS du document différent de celui des métadonnées
            """)).orElseThrow();

        assertThat(report.originalMessageId()).contains("<m1@chu.test>");
        assertThat(report.disposition().error()).contains(new ReceiptError(Optional.of("904"),
            Optional.of("INS du document différent de celui des métadonnées")));
    }

    @Test
    void anOrdinarySubjectOrAReplyToAReceiptIsNoReceipt() throws Exception {
        assertThat(PlainReceipt.code("XDM/1.0/DDM+CR")).isEmpty();
        assertThat(PlainReceipt.code("Re: [KO Intégration système !][902] XDM")).isEmpty();
        assertThat(PlainReceipt.code("[ko integration systeme !][906] x")).contains("906");
    }

    @Test
    void aReceiptNamingNoOriginalIsUnreadable() {
        assertThatThrownBy(() -> PlainReceipt.read(message("""
            From: dmp@chu.test
            Subject: [KO Intégration système !][902] XDM
            Content-Type: text/plain

            902^Identifiant de patient inconnu
            """))).isInstanceOf(UnreadableReportException.class).hasMessageContaining("names no original message");
    }
}
