package fr.caducee.domain.documents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PatientIdTest {

    @Test
    void anInsFromEachInsAuthorityIsQualified() {
        for (String oid : new String[] {"1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.10", "1.2.250.1.213.1.4.11"}) {
            assertThat(PatientId.parse("146026322000196^^^&" + oid + "&ISO").qualifiedIns()).as(oid).isTrue();
        }
    }

    @Test
    void aCorsicanInsIsQualified() {
        // 2A is counted as 19: 97 - (1850219123456 mod 97)
        String number = "185022A123456";
        long key = 97 - Long.parseLong("1850219123456") % 97;
        assertThat(PatientId.parse(number + String.format("%02d", key) + "^^^&1.2.250.1.213.1.4.8&ISO").qualifiedIns()).isTrue();
    }

    @Test
    void aWrongKeyIsNotQualifiedAndSaysWhy() {
        PatientId id = PatientId.parse("146026322000197^^^&1.2.250.1.213.1.4.8&ISO");

        assertThat(id.qualifiedIns()).isFalse();
        assertThat(id.whyNotQualified()).hasValueSatisfying(why -> assertThat(why).contains("key 97").contains("expected 96"));
    }

    @Test
    void aLocalIdentifierIsNotQualified() {
        PatientId id = PatientId.parse("146026322000196^^^&1.2.250.1.999.3.7&ISO");

        assertThat(id.qualifiedIns()).isFalse();
        assertThat(id.whyNotQualified()).hasValueSatisfying(why -> assertThat(why).contains("1.2.250.1.999.3.7 is not an INS one"));
    }

    @Test
    void anIdentifierWithoutAuthorityIsNotQualified() {
        assertThat(PatientId.parse("146026322000196").qualifiedIns()).isFalse();
        assertThat(PatientId.parse("146026322000196").whyNotQualified()).hasValueSatisfying(why -> assertThat(why).contains("missing"));
    }
}
