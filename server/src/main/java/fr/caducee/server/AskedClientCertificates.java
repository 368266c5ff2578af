package fr.caducee.server;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.Encryption;

import fr.caducee.server.tls.ListenerEncryption;

/**
 * The TLS of a listener where mail clients may show a certificate without having to (submission and IMAP, SASL
 * EXTERNAL for software's APP boxes): the handshake asks for one ({@code want}, not {@code need}) and takes whatever
 * is shown, so that a client whose certificate this server does not trust still logs in with a password. Whether a
 * certificate chains to the anchors, is in its dates, is not revoked and names a box is decided at
 * {@code AUTHENTICATE EXTERNAL} / {@code AUTH EXTERNAL} ({@code rules.transport.SaslLogins#external}); the handshake
 * still proves the client holds the certificate's key.
 *
 * <p>James's {@code <clientAuth>} means {@code need} with a trust store that ends the handshake of an unknown
 * certificate (docs/JAMES-NOTES.md): a listener sets {@code <tls><clientCertificate>asked</clientCertificate>} instead
 * ({@link ListenerTls}), and its server replaces James's encryption by this one, on the server's key material in
 * force ({@link TlsMaterial}) with the protocols and suites of every listener.
 */
public final class AskedClientCertificates {
    private AskedClientCertificates() {
    }

    /** On the key material in force at each handshake ({@link TlsMaterial#keyManager()}): a reload reaches it. */
    public static Encryption of(TlsMaterial tls, boolean startTls) {
        return new ListenerEncryption(tls.context(new AnyClientCertificate(tls::anchors)), startTls, ClientAuth.WANT);
    }

    /**
     * Takes any client certificate: checked at EXTERNAL, not in the handshake. Names the anchors in its request, so
     * that a client with several certificates offers one that can open a box.
     */
    static final class AnyClientCertificate extends X509ExtendedTrustManager {
        private final Supplier<List<X509Certificate>> anchors;

        AnyClientCertificate(List<X509Certificate> anchors) {
            this(() -> anchors);
        }

        /** The anchors in force at each handshake. */
        AnyClientCertificate(Supplier<List<X509Certificate>> anchors) {
            this.anchors = anchors;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // decided at EXTERNAL
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // decided at EXTERNAL
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // decided at EXTERNAL
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a listener checks no server certificate");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a listener checks no server certificate");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a listener checks no server certificate");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return anchors.get().toArray(X509Certificate[]::new);
        }
    }
}
