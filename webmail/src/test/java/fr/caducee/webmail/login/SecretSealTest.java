package fr.caducee.webmail.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class SecretSealTest {
    private static final byte[] SECRET = "12345678901234567890".getBytes();
    private final SecretSeal seal = new SecretSeal(new SecretKeySpec(new byte[32], "AES"));

    @Test
    void aSealedSecretOpensForItsPatientOnly() {
        byte[] sealed = seal.seal("146026322000196@patient.caducee.test", SECRET);

        assertThat(seal.open("146026322000196@patient.caducee.test", sealed)).isEqualTo(SECRET);
        assertThatThrownBy(() -> seal.open("215097512345697@patient.caducee.test", sealed))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not open");
    }

    @Test
    void aSecretSealedUnderAnotherKeyDoesNotOpen() {
        byte[] key = new byte[32];
        key[0] = 1;
        byte[] sealed = new SecretSeal(new SecretKeySpec(key, "AES")).seal("p@patient.caducee.test", SECRET);

        assertThatThrownBy(() -> seal.open("p@patient.caducee.test", sealed)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theSameSecretSealsDifferentlyEachTimeAndNeverInClear() {
        byte[] first = seal.seal("p@patient.caducee.test", SECRET);
        byte[] second = seal.seal("p@patient.caducee.test", SECRET);

        assertThat(first).isNotEqualTo(second).hasSize(12 + SECRET.length + 16);
        assertThat(new String(first, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("1234567890");
    }

    @Test
    void aKeyThatIsNotAesIsRefusedAtStart() {
        assertThatThrownBy(() -> new SecretSeal(new SecretKeySpec(new byte[32], "HmacSHA256")))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
