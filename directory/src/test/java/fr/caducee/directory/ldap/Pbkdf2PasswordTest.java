package fr.caducee.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class Pbkdf2PasswordTest {

    /** Produced by {@code slappasswd -o module-load=pw-pbkdf2 -h {PBKDF2-SHA512} -s secret}. */
    private static final String SLAPPASSWD_SECRET = "{PBKDF2-SHA512}10000$m9q8UrtPNZcEfWxA6aYo7w$A.7jHkMXXQKxuZ0xwjxrWQ"
            + "AEMl1vdpAVhTTcvuKn0EOyYui65dM7hW4DBk1EhoLEjtzdo6gGb0dRvshoiJoGPg";

    @Test
    void hashesInSlapdsFormat() {
        String hash = Pbkdf2Password.hash("secret", 1000);

        // 16-byte salt (22 characters) and 64-byte hash (86), adapted base64: no '+', no padding.
        assertThat(hash).matches("\\{PBKDF2-SHA512}1000\\$[A-Za-z0-9./]{22}\\$[A-Za-z0-9./]{86}");
        assertThat(Pbkdf2Password.hash("secret", 1000)).isNotEqualTo(hash);
    }

    @Test
    void verifiesWhatItHashed() {
        String hash = Pbkdf2Password.hash("s3cret-Box é", 1000);

        assertThat(Pbkdf2Password.verify("s3cret-Box é", hash)).isTrue();
        assertThat(Pbkdf2Password.verify("s3cret-Box e", hash)).isFalse();
        assertThat(Pbkdf2Password.verify("", hash)).isFalse();
    }

    @Test
    void verifiesAHashMadeBySlappasswd() {
        assertThat(Pbkdf2Password.verify("secret", SLAPPASSWD_SECRET)).isTrue();
        assertThat(Pbkdf2Password.verify("Secret", SLAPPASSWD_SECRET)).isFalse();
    }

    @Test
    void verifiesAFreshHashFromTheInstalledSlappasswd() throws Exception {
        Path slappasswd = Path.of("/usr/sbin/slappasswd");
        assertThat(slappasswd).as("slappasswd is missing: run scripts/install-test-dependencies").exists();
        Process process = new ProcessBuilder(slappasswd.toString(), "-o", "module-load=pw-pbkdf2",
                "-h", "{PBKDF2-SHA512}", "-s", "pass+word/ü").redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String hash = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as(hash).isZero();

        assertThat(hash).startsWith("{PBKDF2-SHA512}");
        assertThat(Pbkdf2Password.verify("pass+word/ü", hash)).isTrue();
        assertThat(Pbkdf2Password.verify("pass+word/u", hash)).isFalse();
    }

    @Test
    void rejectsMalformedOrForeignValues() {
        assertThat(Pbkdf2Password.verify("secret", null)).isFalse();
        assertThat(Pbkdf2Password.verify("secret", "secret")).isFalse();
        assertThat(Pbkdf2Password.verify("secret", "{SSHA}abcdef")).isFalse();
        assertThat(Pbkdf2Password.verify("secret", "{PBKDF2-SHA512}10000$m9q8UrtPNZcEfWxA6aYo7w")).isFalse();
        assertThat(Pbkdf2Password.verify("secret", "{PBKDF2-SHA512}x$m9q8UrtPNZcEfWxA6aYo7w$AAAA")).isFalse();
        assertThat(Pbkdf2Password.verify("secret", "{PBKDF2-SHA512}0$m9q8UrtPNZcEfWxA6aYo7w$"
                + SLAPPASSWD_SECRET.substring(SLAPPASSWD_SECRET.lastIndexOf('$') + 1))).isFalse();
        assertThat(Pbkdf2Password.verify("secret", SLAPPASSWD_SECRET.replace("$m9q8", "$!9q8"))).isFalse();
        assertThatThrownBy(() -> Pbkdf2Password.hash("secret", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
