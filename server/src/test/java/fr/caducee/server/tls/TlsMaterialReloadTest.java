package fr.caducee.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.TlsMaterial;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;

/** A reload changes what the next handshake shows and trusts, on contexts built before it: real engine handshakes. */
class TlsMaterialReloadTest {
    @TempDir
    Path folder;

    @Test
    void theNextHandshakeShowsTheNewCertificateOnAContextBuiltBeforeTheReload() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);
        TlsMaterial tls = fixture.material();
        SSLContext server = tls.context(tls.anchorsTrustManager());
        X509Certificate before = served(server, fixture.ca);

        IssuedCertificate renewed = fixture.writeServerKeystore(Duration.ofDays(700));
        LoadedTls loaded = tls.reload();

        assertThat(before.getSerialNumber()).isNotEqualTo(renewed.certificate().getSerialNumber());
        assertThat(served(server, fixture.ca)).isEqualTo(renewed.certificate());
        assertThat(loaded.generation()).isEqualTo(2);
        assertThat(tls.certificate()).isEqualTo(renewed.certificate());
        assertThat(loaded.describe()).contains("CN=localhost").contains(renewed.certificate().getSerialNumber().toString(16));
    }

    @Test
    void anAnchorAddedToTheFolderIsTrustedForClientCertificatesAfterTheReloadOnly() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);
        TlsMaterial tls = fixture.material();
        SSLContext server = tls.context(tls.anchorsTrustManager());
        CertificateAuthority hospitalCa = CertificateAuthority.createRoot("Hospital CA", Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(365)));
        IssuedCertificate client = hospitalCa.issue(LeafRequest.builder("client.localhost").clientAuth(true)
            .validity(Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30))).build());

        assertThatThrownBy(() -> handshake(clientEngine(fixture.ca, client), needing(server)))
            .isInstanceOf(SSLException.class);

        Pem.writeCertificate(fixture.anchors.resolve("hospital.pem"), hospitalCa.certificate());
        tls.reload();

        SSLEngine accepted = needing(server);
        handshake(clientEngine(fixture.ca, client), accepted);
        assertThat(accepted.getSession().getPeerCertificates()[0]).isEqualTo(client.certificate());
        assertThat(tls.anchors()).contains(hospitalCa.certificate());
    }

    @Test
    void aBrokenKeystoreIsRefusedAndTheCertificateInForceStays() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);
        TlsMaterial tls = fixture.material();
        X509Certificate inForce = tls.certificate();
        Files.write(fixture.keystore, "not a keystore".getBytes());

        assertThatThrownBy(tls::reload).isInstanceOf(InvalidTlsMaterialException.class)
            .hasMessageContaining("cannot be read with the keystore password");
        assertThat(served(tls.context(tls.anchorsTrustManager()), fixture.ca)).isEqualTo(inForce);
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);
        TlsMaterial tls = fixture.material();
        IssuedCertificate expired = fixture.ca.issue(LeafRequest.builder("localhost").serverAuth(true)
            .validity(Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1))).build());
        expired.writePkcs12(fixture.keystore, TlsFixture.SECRET, "caducee");

        assertThatThrownBy(tls::reload).isInstanceOf(InvalidTlsMaterialException.class).hasMessageContaining("expired on");
    }

    @Test
    void anEmptyAnchorsFolderIsRefused() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);
        TlsMaterial tls = fixture.material();
        Files.delete(fixture.anchors.resolve("root.pem"));

        assertThatThrownBy(tls::reload).isInstanceOf(InvalidTlsMaterialException.class)
            .hasMessageContaining("trust anchors").hasMessageContaining("no trust anchor found");
        assertThat(tls.anchors()).containsExactly(fixture.ca.certificate());
    }

    @Test
    void aKeystoreWithoutPrivateKeyIsRefused() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);
        TlsMaterial tls = fixture.material();
        KeyStore onlyCertificates = KeyStore.getInstance("PKCS12");
        onlyCertificates.load(null, null);
        onlyCertificates.setCertificateEntry("root", fixture.ca.certificate());
        try (var out = Files.newOutputStream(fixture.keystore)) {
            onlyCertificates.store(out, TlsFixture.SECRET);
        }

        assertThatThrownBy(tls::reload).isInstanceOf(InvalidTlsMaterialException.class)
            .hasMessageContaining("holds no private key");
    }

    /** The certificate a server engine on {@code context} shows a client trusting {@code ca}. */
    static X509Certificate served(SSLContext context, CertificateAuthority ca) throws Exception {
        SSLEngine server = context.createSSLEngine();
        server.setUseClientMode(false);
        SSLEngine client = clientEngine(ca, null);
        handshake(client, server);
        return (X509Certificate) client.getSession().getPeerCertificates()[0];
    }

    private static SSLEngine needing(SSLContext context) {
        SSLEngine server = context.createSSLEngine();
        server.setUseClientMode(false);
        server.setNeedClientAuth(true);
        return server;
    }

    static SSLEngine clientEngine(CertificateAuthority ca, IssuedCertificate certificate) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(anchors);
        KeyManagerFactory keys = null;
        if (certificate != null) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", certificate.privateKey(), TlsFixture.SECRET,
                certificate.chain().toArray(X509Certificate[]::new));
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, TlsFixture.SECRET);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        SSLEngine client = context.createSSLEngine("localhost", 443);
        client.setUseClientMode(true);
        return client;
    }

    static void handshake(SSLEngine client, SSLEngine server) throws Exception {
        EngineHandshake.run(client, server);
    }
}
