package fr.caducee.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

import fr.caducee.testkit.ClientTls;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;

/**
 * The TLS of the gateway's benchmark, from a server's development PKI ({@code <data>/pki}): the hospital's side (a
 * client certificate naming its APP box, issued by the development root as the integration tests issue theirs, held in
 * memory only) and, for the peer MLLP server, the server's own certificate with a client certificate required and
 * checked against the same root, so that both receivers make the same handshake.
 */
final class HospitalTls {
    /** The protocols and suites of Caducée's listeners (ListenerTls), for the peer. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private HospitalTls() {
    }

    /** The hospital's information system: a certificate naming {@code box}, trusting the development root alone. */
    static SSLContext hospital(Path pki, String box) throws Exception {
        CertificateAuthority root = CertificateAuthority.load(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE),
            pki.resolve(DevPki.ROOT_KEY_FILE));
        IssuedCertificate issued = root.issue(LeafRequest.builder(box).serverAuth(false).clientAuth(true).build());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("hospital", issued.privateKey(), new char[0], issued.chain().toArray(new X509Certificate[0]));
        return ClientTls.presenting(keys, new char[0], Pem.readCertificate(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE)));
    }

    /**
     * A server socket, not bound yet, presenting the server's certificate ({@code server.p12}) and requiring a
     * client's.
     */
    static SSLServerSocket serverSocket(Path pki) throws Exception {
        char[] secret = Files.readString(pki.resolve(DevPki.SECRET_FILE)).trim().toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(pki.resolve(DevPki.SERVER_KEYSTORE_FILE))) {
            keys.load(in, secret);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, secret);
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("root", Pem.readCertificate(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE)));
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        socket.setNeedClientAuth(true);
        socket.setEnabledProtocols(PROTOCOLS);
        return socket;
    }
}
