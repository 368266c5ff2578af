package fr.caducee.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class InboxIdleTest {
    @Test
    void aSubjectEncodedAndFoldedAsMailCarriesItIsReadBack() {
        byte[] header = ("Subject: =?UTF-8?Q?Urgences_CHU_de_Bench_:_votre_patient?=\r\n"
            + " =?UTF-8?Q?e_Camille_PATIENT12_=C3=A9?=\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(InboxIdle.subject(header)).isEqualTo("Urgences CHU de Bench : votre patiente Camille PATIENT12 é");
    }

    @Test
    void aPlainSubjectIsReadAsItIs() {
        byte[] header = "Subject: Urgences : votre patient PATIENT7\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(InboxIdle.subject(header)).isEqualTo("Urgences : votre patient PATIENT7");
        assertThat(HospitalMessages.patientNumber(InboxIdle.subject(header))).isEqualTo(7);
    }
}
