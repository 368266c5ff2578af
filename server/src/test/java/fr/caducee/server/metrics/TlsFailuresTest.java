package fr.caducee.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.cert.CertificateExpiredException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;

class TlsFailuresTest {
    final TlsFailures failures = new TlsFailures();

    @Test
    void theJdksHandshakeFailuresAreToldByAStableReason() {
        assertThat(TlsFailures.reason(new SSLHandshakeException("no cipher suites in common")))
            .isEqualTo("no_shared_cipher");
        assertThat(TlsFailures.reason(new SSLHandshakeException(
            "Client requested protocol TLSv1.1 is not enabled or supported in server context")))
            .isEqualTo("protocol_version");
        assertThat(TlsFailures.reason(new SSLHandshakeException(
            "The client supported protocol versions [TLSv1.1] are not accepted by server preferences [TLS13, TLS12]")))
            .isEqualTo("protocol_version");
        assertThat(TlsFailures.reason(new SSLHandshakeException("PKIX path building failed: "
            + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path")))
            .isEqualTo("unknown_ca");
        assertThat(TlsFailures.reason(new SSLHandshakeException("Received fatal alert: unknown_ca")))
            .isEqualTo("unknown_ca");
        assertThat(TlsFailures.reason(new SSLHandshakeException("Empty client certificate chain")))
            .isEqualTo("certificate_required");
        assertThat(TlsFailures.reason(new SSLHandshakeException("Received fatal alert: bad_certificate")))
            .isEqualTo("bad_certificate");
        assertThat(TlsFailures.reason(new SSLHandshakeException("Remote host terminated the handshake")))
            .isEqualTo("reset");
        assertThat(TlsFailures.reason(new SSLHandshakeException("Something new in a later JDK")))
            .isEqualTo("handshake_other");
        assertThat(TlsFailures.reason(new SSLException("Tag mismatch"))).isEqualTo("tls_other");
    }

    @Test
    void anExpiredClientCertificateIsToldAsSuch() {
        SSLHandshakeException expired = new SSLHandshakeException("PKIX path validation failed");
        expired.initCause(new CertificateExpiredException("NotAfter: Mon Jan 05 09:00:00 UTC 2026"));

        assertThat(TlsFailures.reason(expired)).isEqualTo("certificate_expired");
    }

    @Test
    void plainTextAndResetsAreCountedAndOtherFailuresAreNot() {
        assertThat(TlsFailures.reason(new DecoderException(new NotSslRecordException("not an SSL/TLS record"))))
            .isEqualTo("not_tls");
        assertThat(TlsFailures.reason(new IOException("Connection reset by peer"))).isEqualTo("reset");
        assertThat(TlsFailures.reason(new IllegalStateException("a bug of ours"))).isNull();
    }

    @Test
    void eachFailureIsCountedByListenerAndReason() {
        failures.count("mx", new SSLHandshakeException("no cipher suites in common"));
        failures.count("mx", new SSLHandshakeException("no cipher suites in common"));
        failures.count("imaps", new DecoderException(new NotSslRecordException("not an SSL/TLS record")));
        failures.count("imaps", new IllegalStateException("not counted"));

        assertThat(failures.counter().labels("mx", "no_shared_cipher").get()).isEqualTo(2.0);
        assertThat(failures.counter().labels("imaps", "not_tls").get()).isEqualTo(1.0);
        assertThat(failures.counter().collect().get(0).samples)
            .filteredOn(sample -> sample.name.equals("caducee_tls_failures_total")).hasSize(2);
    }
}
