package fr.caducee.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class AuditJsonTest {

    @Test
    void aRecordIsOneLineWithTimeFirstAndReadsBackEqual() {
        AuditRecord record = AuditRecord.builder(Decision.REFUSED).time(Instant.parse("2026-11-24T10:15:30.123456Z"))
            .rule("from-header-not-allowed").reason("550 5.7.1 The From: header (\"Dr\" <a@b.fr>)\nis not allowed")
            .via("submission").login("dr.durand@chu.fr").sender("dr.durand@chu.fr")
            .recipients(List.of("élodie@chu.fr", "x@chu.fr")).size(12).session("SID").remote("::1").build();

        String line = new String(AuditJson.line(record), StandardCharsets.UTF_8);

        assertThat(line).startsWith("{\"time\":\"2026-11-24T10:15:30.123456Z\",\"decision\":\"REFUSED\"")
            .endsWith("}\n").doesNotContain("\"mail\"").doesNotContain("\"peer\"");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
        assertThat(AuditJson.read(line.strip())).contains(record);
        assertThat(AuditJson.time(line)).isEqualTo(record.time());
    }

    @Test
    void partsOfALineAreNotRecords() {
        String line = new String(AuditJson.line(Records.numbered(7)), StandardCharsets.UTF_8).strip();
        for (int cut = 0; cut < line.length(); cut++) {
            assertThat(AuditJson.read(line.substring(0, cut))).as("cut at %d", cut).isEmpty();
        }
        assertThat(AuditJson.read("{\"time\":\"2026-11-24T10:15:30Z\",\"decision\":\"SOMETHING_ELSE\"}")).isEmpty();
    }
}
