package fr.caducee.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.apache.james.protocols.api.ClientAuth;
import org.apache.james.protocols.netty.Encryption;

import io.netty.handler.ssl.SslHandler;

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
 * ({@link ListenerTls}), and its server replaces James's encryption by this one, built from the server's keystore
 * with the protocols and suites of every listener.
 */
public final class AskedClientCertificates implements Encryption {
    private final SSLContext context;
    private final boolean startTls;

    private AskedClientCertificates(SSLContext context, boolean startTls) {
        this.context = context;
        this.startTls = startTls;
    }

    public static AskedClientCertificates of(TlsMaterial tls, boolean startTls) throws GeneralSecurityException,
            IOException {
        char[] secret = tls.secret();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            keys.load(in, secret);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, secret);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), new TrustManager[] {new AnyClientCertificate(tls.anchors())}, null);
        return new AskedClientCertificates(context, startTls);
    }

    @Override
    public boolean isStartTLS() {
        return startTls;
    }

    @Override
    public boolean supportsEncryption() {
        return true;
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return ListenerTls.CIPHER_SUITES.toArray(String[]::new);
    }

    @Override
    public ClientAuth getClientAuth() {
        return ClientAuth.WANT;
    }

    @Override
    public SslHandler sslHandler() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(ListenerTls.PROTOCOLS.toArray(String[]::new));
        engine.setEnabledCipherSuites(getEnabledCipherSuites());
        engine.setWantClientAuth(true);
        return new SslHandler(engine);
    }

    /**
     * Takes any client certificate: checked at EXTERNAL, not in the handshake. Names the anchors in its request, so
     * that a client with several certificates offers one that can open a box.
     */
    static final class AnyClientCertificate extends X509ExtendedTrustManager {
        private final X509Certificate[] anchors;

        AnyClientCertificate(List<X509Certificate> anchors) {
            this.anchors = anchors.toArray(X509Certificate[]::new);
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
            return anchors.clone();
        }
    }
}
