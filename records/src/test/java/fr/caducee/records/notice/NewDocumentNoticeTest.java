package fr.caducee.records.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class NewDocumentNoticeTest {
    private final NewDocumentNotice notice = new NewDocumentNotice("dmp@chu.localhost");

    @Test
    void theNoticeNamesTheTitleTheAuthorAndTheDayAndNothingMore() throws Exception {
        MimeMessage message = notice.write("146026322000196@patient.chu.localhost", "CR d'imagerie médicale",
            "Dr Claire Martin, Médecin", Instant.parse("2026-12-07T08:30:00Z"));

        assertThat(message.getFrom()).containsExactly(new InternetAddress("dmp@chu.localhost"));
        assertThat(message.getAllRecipients()).containsExactly(new InternetAddress("146026322000196@patient.chu.localhost"));
        assertThat(message.getSubject()).isEqualTo("Nouveau document dans votre dossier médical partagé");
        assertThat(message.isMimeType("text/plain")).isTrue();
        assertThat((String) message.getContent())
            .contains("« CR d'imagerie médicale »")
            .contains("par Dr Claire Martin, Médecin le 07/12/2026 à 09h30");
        assertThat(message.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    }

    @Test
    void aTitleCannotAddLinesToTheMessage() {
        assertThat(NewDocumentNotice.text("Titre\r\nBcc: x@y", "Dr X", Instant.EPOCH)).contains("« Titre Bcc: x@y »");
    }
}
