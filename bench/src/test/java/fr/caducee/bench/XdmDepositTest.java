package fr.caducee.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.mail.smtp.SMTPMessage;

class XdmDepositTest {
    @TempDir
    Path folder;

    private XdmDeposit deposits() throws IOException {
        return new XdmDeposit(Session.getInstance(new Properties()), CdaSampleTest.sample(folder), "t1");
    }

    private static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void theArchiveHoldsTheCopyAndMetadataWrittenFromItsHeader() throws IOException {
        XdmDeposit deposits = deposits();

        Map<String, byte[]> entries = entries(deposits.archive("bench-t1-5"));

        assertThat(entries).containsOnlyKeys("INDEX.HTM", "README.TXT", "IHE_XDM/SUBSET01/METADATA.XML",
            "IHE_XDM/SUBSET01/DOC0001.XML");
        assertThat(new String(entries.get("IHE_XDM/SUBSET01/DOC0001.XML"), StandardCharsets.UTF_8))
            .contains("extension=\"bench-t1-5\"");
        assertThat(new String(entries.get("IHE_XDM/SUBSET01/METADATA.XML"), StandardCharsets.UTF_8))
            .contains("value=\"1.2.250.1.71.4.2.2.120456789.71024000081^bench-t1-5\"")
            .contains("279035121518989^^^&amp;1.2.250.1.213.1.4.10&amp;ISO^NH")
            .contains("nodeRepresentation=\"18748-4\"")
            .contains("<rim:Value>DOC0001.XML</rim:Value>")
            .contains("801234564894^PAT-TROIS");
    }

    @Test
    void aRecordDepositAsksForAnMdnAndCarriesTheArchive() throws Exception {
        SMTPMessage message = deposits().message("record", 5, "sender1@bench.localhost", "dmp@bench.localhost");
        message.saveChanges();

        assertThat(message.getMessageID()).isEqualTo("<bench-record-t1-5@bench.localhost>");
        assertThat(message.getHeader("Disposition-Notification-To", null)).isEqualTo("sender1@bench.localhost");
        assertThat(message.getHeader("X-MSS-CODECDA", null)).isEqualTo("18748-4");
        assertThat(message.getNotifyOptions()).isZero();
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("IHE_XDM.ZIP");
    }

    @Test
    void thePlainDeliveryOfTheSameMessageAsksForADeliveryDsn() throws IOException, MessagingException {
        SMTPMessage message = deposits().message("plain", 5, "sender1@bench.localhost", "recipient@bench.localhost");

        assertThat(message.getNotifyOptions()).isEqualTo(SMTPMessage.NOTIFY_SUCCESS | SMTPMessage.NOTIFY_FAILURE);
        assertThat(message.getMailExtension()).isEqualTo("ENVID=bench-plain-t1-5");
    }
}
