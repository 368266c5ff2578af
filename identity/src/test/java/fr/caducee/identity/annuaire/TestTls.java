package fr.caducee.identity.annuaire;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;

/** A root for the tests, the API's certificate for localhost, an operator's client certificate, as TLS contexts. */
final class TestTls {
    static final char[] PASSWORD = "test".toCharArray();
    final CertificateAuthority root = CertificateAuthority.createRoot("Annuaire test root",
        Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(2)));
    final IssuedCertificate api = root.issue(LeafRequest.builder("localhost").dnsName("localhost").serverAuth(true)
        .clientAuth(false).build());
    final IssuedCertificate operator = root.issue(LeafRequest.builder("operator.caducee.test")
        .dnsName("operator.caducee.test").serverAuth(true).clientAuth(true).build());

    /** The API's side: its certificate, the root for its clients'. */
    SSLContext apiSide() throws Exception {
        return context(api, root.certificate());
    }

    /** The operator's side: its certificate as client certificate, the root for the API's. */
    SSLContext operatorSide() throws Exception {
        return context(operator, root.certificate());
    }

    /** An operator with no certificate to show. */
    SSLContext anonymous() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust(root.certificate()).getTrustManagers(), null);
        return context;
    }

    static SSLContext context(IssuedCertificate leaf, X509Certificate anchor) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("key", leaf.privateKey(), PASSWORD, leaf.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust(anchor).getTrustManagers(), null);
        return context;
    }

    static TrustManagerFactory trust(X509Certificate anchor) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("anchor", anchor);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        return trust;
    }
}
