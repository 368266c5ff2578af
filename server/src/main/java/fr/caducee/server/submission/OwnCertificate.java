package fr.caducee.server.submission;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import fr.caducee.server.TlsMaterial;

/**
 * TLS for the loopback connection of the webmail's and the gateway's outboxes ({@link LoopbackSubmission}) to the
 * server's own submission listener: it trusts the server's own certificate and nothing else (not the trust anchors,
 * not the JDK's authorities), so that nothing but this server can take the ticket, whatever name or address it is
 * reached by.
 */
public final class OwnCertificate {

    private OwnCertificate() {
    }

    /**
     * Trusting the server's certificate in force at each connection ({@link TlsMaterial#certificate()}): after a
     * reload the listener shows the new one, and the outboxes follow.
     */
    public static SSLSocketFactory socketFactory(TlsMaterial tls) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new CertificateInForce(tls)}, null);
        return context.getSocketFactory();
    }

    /** Takes a server whose certificate is the one in force, byte for byte; nothing else. */
    static final class CertificateInForce extends X509ExtendedTrustManager {
        private final TlsMaterial tls;

        CertificateInForce(TlsMaterial tls) {
            this.tls = tls;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0 || !chain[0].equals(tls.certificate())) {
                throw new CertificateException("not this server's own certificate: loopback submission talks to this "
                    + "server only");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client of loopback submission checks no client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client of loopback submission checks no client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client of loopback submission checks no client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Trusting the certificate of each key of this PKCS12 keystore: the server's own. */
    public static SSLSocketFactory socketFactory(Path keystorePath, char[] secret) throws Exception {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystorePath)) {
            keystore.load(in, secret);
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (String alias : Collections.list(keystore.aliases())) {
            if (keystore.isKeyEntry(alias)) {
                Certificate[] chain = keystore.getCertificateChain(alias);
                if (chain != null && chain.length > 0) {
                    trusted.setCertificateEntry(alias, chain[0]);
                }
            }
        }
        if (trusted.size() == 0) {
            throw new IllegalStateException(keystorePath + " holds no key with its certificate: loopback submission "
                + "cannot recognise the server's own submission listener");
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
