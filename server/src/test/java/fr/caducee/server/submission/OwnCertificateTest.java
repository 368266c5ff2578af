package fr.caducee.server.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.TlsMaterial;
import fr.caducee.server.tls.TlsFixture;
import fr.caducee.trust.pki.IssuedCertificate;

class OwnCertificateTest {
    @TempDir
    Path folder;

    @Test
    void loopbackSubmissionFollowsTheServerCertificateAcrossAReload() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);
        TlsMaterial tls = fixture.material();
        OwnCertificate.CertificateInForce trust = new OwnCertificate.CertificateInForce(tls);
        X509Certificate before = tls.certificate();
        assertThatCode(() -> trust.checkServerTrusted(new X509Certificate[] {before}, "EC")).doesNotThrowAnyException();

        IssuedCertificate renewed = fixture.writeServerKeystore(Duration.ofDays(400));
        tls.reload();

        assertThatCode(() -> trust.checkServerTrusted(new X509Certificate[] {renewed.certificate()}, "EC"))
            .doesNotThrowAnyException();
        assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {before}, "EC"))
            .isInstanceOf(CertificateException.class).hasMessageContaining("not this server's own certificate");
        assertThat(trust.getAcceptedIssuers()).isEmpty();
    }
}
