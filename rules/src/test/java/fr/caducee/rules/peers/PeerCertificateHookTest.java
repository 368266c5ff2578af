package fr.caducee.rules.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLSession;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.rules.patients.FakeSmtpSession;
import fr.caducee.rules.smtp.Refusals;
import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.CertificateAuthority.Revocation;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.revocation.RevocationLists;

/** The hook checks the chain at the time of MAIL FROM: the certificates and lists here are valid now. */
class PeerCertificateHookTest {
    private static final Instant NOW = Instant.now();
    private static final MaybeSender SENDER = MaybeSender.nullSender();

    private final CertificateAuthority root = CertificateAuthority.createRoot("IGC-Santé de test",
        NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(3650)));
    private final IssuedCertificate peer = issue("mx.clinique.localhost", true);
    private final IssuedCertificate revoked = issue("mx.revoque.localhost", true);

    @TempDir
    Path folder;

    @Test
    void aValidClientCertificateLetsTheTransactionOnAndItsIdentityIsKeptOnTheConnection() throws Exception {
        SMTPSession session = FakeSmtpSession.mx(handshake(peer));

        assertThat(hookWithCurrentList().doMail(session, SENDER)).isEqualTo(HookResult.DECLINED);

        assertThat(session.getAttachment(PeerCertificateHook.PEER, ProtocolSession.State.Connection)).get()
            .satisfies(identity -> {
                assertThat(identity.subject()).isEqualTo("CN=mx.clinique.localhost");
                assertThat(identity.serial()).isEqualTo(peer.certificate().getSerialNumber().toString(16));
                assertThat(identity.dnsNames()).containsExactly("mx.clinique.localhost");
            });
        assertThat(Refusals.ruleGiven(session)).isNull();
    }

    @Test
    void aCertificateRevokedWhileItsConnectionIsOpenIsRefusedAtTheNextMailFrom() throws Exception {
        Path file = folder.resolve("later.crl");
        Pem.writeRevocationList(file, root.issueRevocationList(List.of(), NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(root.certificate()), Clock.systemUTC());
        assertThat(lists.refreshNow()).isEmpty();
        PeerCertificateHook hook = new PeerCertificateHook(new CertificateValidator(List.of(root.certificate()), lists));
        SMTPSession session = FakeSmtpSession.mx(handshake(peer));
        assertThat(hook.doMail(session, SENDER)).isEqualTo(HookResult.DECLINED);
        assertThat(hook.doMail(session, SENDER)).isEqualTo(HookResult.DECLINED);

        Pem.writeRevocationList(file, root.issueRevocationList(
            List.of(Revocation.of(peer.certificate(), NOW.minus(Duration.ofSeconds(30)))), NOW, NOW.plus(Duration.ofDays(7))));
        assertThat(lists.refreshNow()).isEmpty();
        HookResult result = hook.doMail(session, SENDER);

        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("peer-certificate-revoked");
    }

    @Test
    void aPeerWithoutCertificateIsRefused530() {
        SMTPSession session = FakeSmtpSession.mxInClear();

        HookResult result = hookWithCurrentList().doMail(session, SENDER);

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(result.getSmtpRetCode()).isEqualTo("530");
        assertThat(result.getSmtpDescription()).startsWith("5.7.0 ");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("peer-without-certificate");
    }

    @Test
    void aCertificateOnItsCasRevocationListIsRefused550With571() throws Exception {
        SMTPSession session = FakeSmtpSession.mx(handshake(revoked));

        HookResult result = hookWithCurrentList().doMail(session, SENDER);

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.1 ").contains("CN=mx.revoque.localhost");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("peer-certificate-revoked");
        assertThat(session.getAttachment(PeerCertificateHook.PEER, ProtocolSession.State.Connection)).isEmpty();
    }

    @Test
    void withoutACurrentRevocationListTheTransactionIsDeferred454NeverAccepted() throws Exception {
        SMTPSession session = FakeSmtpSession.mx(handshake(peer));
        RevocationLists none = new RevocationLists(List.of(), List.of(root.certificate()), Clock.systemUTC());

        HookResult result = new PeerCertificateHook(new CertificateValidator(List.of(root.certificate()), none))
            .doMail(session, SENDER);

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENYSOFT);
        assertThat(result.getSmtpRetCode()).isEqualTo("454");
        assertThat(result.getSmtpDescription()).startsWith("4.7.0 ");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("peer-certificate-revocation-unknown");
    }

    @Test
    void aCertificateNotIssuedForClientAuthenticationIsRefused550With571() throws Exception {
        SMTPSession session = FakeSmtpSession.mx(handshake(issue("mx.serveur.localhost", false)));

        HookResult result = hookWithCurrentList().doMail(session, SENDER);

        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription())
            .isEqualTo("5.7.1 The certificate CN=mx.serveur.localhost is not issued for TLS client authentication");
        assertThat(Refusals.ruleGiven(session)).isEqualTo("peer-certificate-usage");
    }

    private PeerCertificateHook hookWithCurrentList() {
        try {
            Path file = folder.resolve("ca.crl");
            Pem.writeRevocationList(file, root.issueRevocationList(
                List.of(Revocation.of(revoked.certificate(), NOW.minus(Duration.ofMinutes(2)))),
                NOW.minus(Duration.ofMinutes(1)), NOW.plus(Duration.ofDays(7))));
            RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(root.certificate()), Clock.systemUTC());
            assertThat(lists.refreshNow()).isEmpty();
            return new PeerCertificateHook(new CertificateValidator(List.of(root.certificate()), lists));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SSLSession handshake(IssuedCertificate presented) throws Exception {
        SSLSession tls = mock(SSLSession.class);
        when(tls.getPeerCertificates()).thenReturn(presented.chain().toArray(new Certificate[0]));
        return tls;
    }

    private IssuedCertificate issue(String host, boolean clientAuth) {
        return root.issue(LeafRequest.builder(host).dnsName(host).clientAuth(clientAuth).serverAuth(true)
            .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365))).build());
    }
}
