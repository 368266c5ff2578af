package fr.caducee.rules.patients;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class ClosingMessageTest {

    @Test
    void theHeaderClosesWhateverTheSubject() throws Exception {
        MimeMessage message = message("Re: Résultats");
        message.setHeader("X-MSS-MES", " fin ");

        assertThat(ClosingMessage.of(message)).contains(ClosingMessage.Signal.HEADER);
    }

    @Test
    void aSubjectThatBeginsWithTheTokenCloses() throws Exception {
        assertThat(ClosingMessage.of(message("[FIN]"))).contains(ClosingMessage.Signal.SUBJECT);
        assertThat(ClosingMessage.of(message("[FIN] Suivi terminé"))).contains(ClosingMessage.Signal.SUBJECT);
        assertThat(ClosingMessage.of(message(" [Fin]Suivi"))).contains(ClosingMessage.Signal.SUBJECT);
    }

    @Test
    void theTokenFurtherInTheSubjectDoesNotClose() throws Exception {
        assertThat(ClosingMessage.of(message("Re: [FIN] Suivi terminé"))).isEmpty();
        assertThat(ClosingMessage.of(message("Compte rendu [FIN]"))).isEmpty();
        assertThat(ClosingMessage.of(message("FIN du traitement"))).isEmpty();
    }

    @Test
    void anotherHeaderValueAndNoSubjectDoNotClose() throws Exception {
        MimeMessage message = message(null);
        message.setHeader("X-MSS-MES", "SUITE");

        assertThat(ClosingMessage.of(message)).isEmpty();
    }

    private static MimeMessage message(String subject) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        if (subject != null) {
            message.setSubject(subject, "UTF-8");
        }
        message.setText("Bonjour.", "UTF-8");
        return message;
    }
}
