package fr.caducee.server.submission;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

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

    public static SSLSocketFactory socketFactory(TlsMaterial tls) throws Exception {
        return socketFactory(tls.keystore(), tls.secret());
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
