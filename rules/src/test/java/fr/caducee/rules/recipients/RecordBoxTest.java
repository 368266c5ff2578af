package fr.caducee.rules.recipients;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordBoxTest {
    @Test
    void theRecordsBoxIsRecognisedWhateverItsCase() {
        RecordBox box = RecordBox.of("DMP@chu.localhost");

        assertThat(box.is("dmp@CHU.localhost")).isTrue();
        assertThat(box.is("dr.martin@chu.localhost")).isFalse();
        assertThat(box.is(null)).isFalse();
    }

    @Test
    void aServerWithoutARecordHasNoRecordsBox() {
        assertThat(RecordBox.NONE.is("dmp@chu.localhost")).isFalse();
    }
}
