package fr.caducee.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.cert.CertificateFactory;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS client contexts trusting only the given CA, so that tests and benchmarks check the server certificate as a
 * client would, and presenting a certificate when they play a peer operator.
 */
public final class ClientTls {
    private ClientTls() {
    }

    public static SSLContext trusting(Path caPem) throws IOException, GeneralSecurityException {
        return trusting(readCertificate(caPem));
    }

    public static SSLContext trusting(X509Certificate ca) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers(ca).getTrustManagers(), null);
        return context;
    }

    /** The same, presenting the key and certificate of a PKCS12 keystore whose password is in {@code secretFile}. */
    public static SSLContext presenting(Path keystore, Path secretFile, Path caPem)
            throws IOException, GeneralSecurityException {
        char[] secret = Files.readString(secretFile).trim().toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, secret);
        }
        return presenting(keys, secret, readCertificate(caPem));
    }

    /** Presenting the key and certificate in {@code keys}, trusting only {@code ca}. */
    public static SSLContext presenting(KeyStore keys, char[] keyPassword, X509Certificate ca)
            throws IOException, GeneralSecurityException {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, keyPassword);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers(ca).getTrustManagers(), null);
        return context;
    }

    private static X509Certificate readCertificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static TrustManagerFactory trustManagers(X509Certificate ca) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        return trustManagers;
    }
}
