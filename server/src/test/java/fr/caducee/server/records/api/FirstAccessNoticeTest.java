package fr.caducee.server.records.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.Optional;

import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.MailetContext;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Professional;
import fr.caducee.records.access.AccessRequest;
import fr.caducee.records.access.Reader;
import fr.caducee.server.records.RecordsSettings;

class FirstAccessNoticeTest {
    static final IdNat READER = IdNat.parse("810000005479");
    static final String RECORD_BOX = "dmp@chu.localhost";

    private final Directory directory = mock(Directory.class);
    private final FirstAccessNotice notice = new FirstAccessNotice(directory, mock(MailetContext.class),
        new RecordsSettings(RECORD_BOX, StructureId.parse("750000044"), "Caducee/0.1"));

    @Test
    void theNoticeComesFromTheRecordsBoxLikeTheNoticeOfANewDocument() throws Exception {
        when(directory.professional(READER)).thenReturn(Optional.of(
            new Professional(READER, "DR", "Martin", "Claire", "10", "Médecin", "", "")));

        MimeMessage message = notice.write("146026322000196@patient.chu.localhost", AccessRequest.normal(
            new Reader.Professional(READER.value(), "10", "dr.martin@chu.localhost", Optional.empty())), Instant.EPOCH);

        assertThat(message.getFrom()).containsExactly(new InternetAddress(RECORD_BOX));
        assertThat(message.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(message.getMessageID()).endsWith("@chu.localhost>");
        assertThat(message.getSubject()).isEqualTo(FirstAccessNotice.SUBJECT);
        assertThat((String) message.getContent()).contains("DR Claire Martin (Médecin), identifiant national "
            + READER.value()).doesNotContain("postmaster");
    }
}
