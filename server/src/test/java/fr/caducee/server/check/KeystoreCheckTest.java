package fr.caducee.server.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreCheckTest {
    @TempDir
    Path work;
    Operator operator;
    Findings findings = new Findings();

    @BeforeEach
    void operator() throws Exception {
        operator = new Operator(work);
    }

    @Test
    void aValidKeystoreNamingTheHostShouldHaveNoFinding() {
        KeystoreCheck.check(operator.keystore, Operator.SECRET, "caducee.tls.keystore", List.of("mx.operator.test"),
            Operator.NOW, findings);

        assertThat(findings.all()).isEmpty();
    }

    @Test
    void aKeystoreOthersCanReadShouldBeAWarning() throws Exception {
        java.nio.file.Files.setPosixFilePermissions(operator.keystore,
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        KeystoreCheck.check(operator.keystore, Operator.SECRET, "caducee.tls.keystore", List.of(), Operator.NOW,
            findings);

        assertThat(findings.problems()).isEmpty();
        assertThat(findings.warnings()).singleElement().satisfies(finding ->
            assertThat(finding.sentence()).contains("chmod o-r " + operator.keystore));
    }

    @Test
    void aWrongPasswordShouldBeAProblem() {
        KeystoreCheck.check(operator.keystore, "wrong".toCharArray(), "caducee.tls.keystore", List.of(), Operator.NOW,
            findings);

        assertThat(findings.problems()).singleElement().satisfies(finding ->
            assertThat(finding.sentence()).startsWith("cannot be opened as a PKCS#12 keystore with the password given"));
    }

    @Test
    void aMissingKeystoreShouldBeAProblemNamingIt() {
        Path missing = work.resolve("missing.p12");

        KeystoreCheck.check(missing, Operator.SECRET, "caducee.tls.keystore", List.of(), Operator.NOW, findings);

        assertThat(findings.problems()).singleElement().satisfies(finding ->
            assertThat(finding.line()).isEqualTo("problem: " + missing + ": caducee.tls.keystore: cannot be read "
                + "(missing, or not readable by this account)"));
    }

    @Test
    void aCertificateNotNamingAHostShouldBeAWarning() {
        KeystoreCheck.check(operator.keystore, Operator.SECRET, "caducee.tls.keystore", List.of("mail.other.test"),
            Operator.NOW, findings);

        assertThat(findings.warnings()).singleElement().satisfies(finding ->
            assertThat(finding.sentence()).contains("does not name the host mail.other.test"));
    }

    @Test
    void anExpiredCertificateShouldBeAProblemAndOneExpiringSoonAWarningWithTheDaysLeft() throws Exception {
        operator.serverCertificate(Operator.NOW.minus(Duration.ofDays(100)), Operator.NOW.minus(Duration.ofSeconds(1)));
        KeystoreCheck.check(operator.keystore, Operator.SECRET, "k", List.of(), Operator.NOW, findings);
        operator.serverCertificate(Operator.NOW.minus(Duration.ofDays(100)), Operator.NOW.plus(Duration.ofDays(59)));
        KeystoreCheck.check(operator.keystore, Operator.SECRET, "k", List.of(), Operator.NOW, findings);
        operator.serverCertificate(Operator.NOW.minus(Duration.ofDays(100)), Operator.NOW.plus(Duration.ofDays(61)));
        KeystoreCheck.check(operator.keystore, Operator.SECRET, "k", List.of(), Operator.NOW, findings);

        assertThat(findings.problems()).singleElement().satisfies(finding ->
            assertThat(finding.sentence()).contains("expired on").contains("install a renewed certificate"));
        assertThat(findings.warnings()).singleElement().satisfies(finding ->
            assertThat(finding.sentence()).contains("in 59 days"));
    }
}
