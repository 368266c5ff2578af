package fr.caducee.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import fr.caducee.trust.certificate.TrustAnchors;

/**
 * One reading of the TLS material: the server's key and certificate chain from its keystore, and the trust anchors,
 * each with the JDK manager that uses it. {@link #read} refuses what would break handshakes: a keystore that cannot be
 * opened with its password, that holds no private key, or whose certificate is not valid now.
 *
 * @param generation counts the readings from 1 at start, so that a handshake begun on one reading ends on it
 *                   ({@link CurrentKeys})
 */
public record LoadedTls(Path keystore, X509Certificate[] chain, X509ExtendedKeyManager keys, TrustAnchors anchors,
                        X509ExtendedTrustManager trust, long generation) {

    public static LoadedTls read(Path keystore, char[] secret, TrustAnchors anchors, Instant now, long generation)
            throws InvalidTlsMaterialException {
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidTlsMaterialException("the keystore " + keystore + " cannot be read with the keystore "
                + "password (a PKCS12 file protected by the password of caducee.tls.secretFile is expected): "
                + e.getMessage());
        }
        try {
            X509Certificate[] chain = chain(store, keystore);
            X509Certificate certificate = chain[0];
            if (certificate.getNotAfter().before(Date.from(now))) {
                throw new InvalidTlsMaterialException("the certificate " + subject(certificate) + " of " + keystore
                    + " expired on " + certificate.getNotAfter().toInstant() + ": put a current one in the keystore");
            }
            if (certificate.getNotBefore().after(Date.from(now))) {
                throw new InvalidTlsMaterialException("the certificate " + subject(certificate) + " of " + keystore
                    + " is not valid before " + certificate.getNotBefore().toInstant());
            }
            KeyManagerFactory keyFactory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyFactory.init(store, secret);
            KeyStore anchorStore = KeyStore.getInstance("PKCS12");
            anchorStore.load(null, null);
            List<X509Certificate> certificates = anchors.certificates();
            for (int i = 0; i < certificates.size(); i++) {
                anchorStore.setCertificateEntry("anchor-" + i, certificates.get(i));
            }
            TrustManagerFactory trustFactory = TrustManagerFactory.getInstance("PKIX");
            trustFactory.init(anchorStore);
            return new LoadedTls(keystore, chain, keyManager(keyFactory.getKeyManagers()), anchors,
                trustManager(trustFactory.getTrustManagers()), generation);
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidTlsMaterialException("the keystore " + keystore + " cannot be used: " + e.getMessage());
        }
    }

    private static X509Certificate[] chain(KeyStore store, Path keystore) throws GeneralSecurityException,
            InvalidTlsMaterialException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                Certificate[] chain = store.getCertificateChain(alias);
                if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
                    throw new InvalidTlsMaterialException("the key '" + alias + "' of " + keystore
                        + " has no X.509 certificate");
                }
                X509Certificate[] x509 = new X509Certificate[chain.length];
                for (int i = 0; i < chain.length; i++) {
                    x509[i] = (X509Certificate) chain[i];
                }
                return x509;
            }
        }
        throw new InvalidTlsMaterialException("the keystore " + keystore + " holds no private key: it must hold the "
            + "server's key with its certificate chain");
    }

    private static X509ExtendedKeyManager keyManager(KeyManager[] managers) throws GeneralSecurityException {
        for (KeyManager manager : managers) {
            if (manager instanceof X509ExtendedKeyManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the key manager factory returned no X509ExtendedKeyManager");
    }

    private static X509ExtendedTrustManager trustManager(TrustManager[] managers) throws GeneralSecurityException {
        for (TrustManager manager : managers) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the trust manager factory returned no X509ExtendedTrustManager");
    }

    public X509Certificate certificate() {
        return chain[0];
    }

    /** {@code CN=..., serial 1a2b, until 2027-...}, as the log and the reload's answer say it. */
    public String describe() {
        return subject(certificate()) + ", serial " + certificate().getSerialNumber().toString(16) + ", until "
            + certificate().getNotAfter().toInstant();
    }

    static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
