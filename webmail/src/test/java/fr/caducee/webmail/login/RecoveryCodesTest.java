package fr.caducee.webmail.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void tenDifferentCodesOfTenCharactersWithoutLookAlikesAreMade() {
        List<String> codes = RecoveryCodes.generate();

        assertThat(codes).hasSize(10).doesNotHaveDuplicates()
            .allMatch(code -> code.matches("[ABCDEFGHJKMNPQRSTVWXYZ2-9]{5}-[ABCDEFGHJKMNPQRSTVWXYZ2-9]{5}"));
        assertThat(new HashSet<>(codes)).hasSize(10);
    }

    @Test
    void aCodeIsReadInAnyCaseWithOrWithoutItsDashAndSpaces() {
        assertThat(RecoveryCodes.canonical(" abcde-fghjk ")).hasValue("ABCDEFGHJK");
        assertThat(RecoveryCodes.canonical("ABCDE FGHJK")).hasValue("ABCDEFGHJK");
        assertThat(RecoveryCodes.canonical("ABCDEFGHJ")).isEmpty();
        assertThat(RecoveryCodes.canonical("ABCDEFGHJ0")).isEmpty();
        assertThat(RecoveryCodes.canonical("123456")).isEmpty();
    }

    @Test
    void aCodeHashesTheSameForItsPatientAndDifferentlyForAnother() {
        String code = RecoveryCodes.generate().get(0);
        String hash = RecoveryCodes.hash("146026322000196@patient.caducee.test", code);

        assertThat(hash).startsWith("{PBKDF2-SHA512}210000$").doesNotContain(code.replace("-", ""));
        assertThat(RecoveryCodes.hash("146026322000196@patient.caducee.test", code.toLowerCase())).isEqualTo(hash);
        assertThat(RecoveryCodes.hash("215097512345697@patient.caducee.test", code)).isNotEqualTo(hash);
    }
}
