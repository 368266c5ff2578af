package fr.caducee.identity.smime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The operator's signing key and its certificate chain, read from a PKCS#12 keystore and checked once, at start: one
 * key entry, the key matching its certificate, the certificate valid now, allowed to sign (keyUsage digitalSignature
 * or nonRepudiation) and, when it restricts its purposes, for e-mail (emailProtection). A keystore that fails any of
 * these stops the start with the reason, never the password.
 */
public final class SigningKey {
    private static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final String ANY_PURPOSE = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int NON_REPUDIATION = 1;

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private SigningKey(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /** @throws SigningKeyException naming the file and what is wrong with it */
    public static SigningKey load(Path keystore, char[] secret, Instant now) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
        } catch (IOException | GeneralSecurityException e) {
            throw new SigningKeyException(keystore + " cannot be opened as a PKCS#12 keystore with its password ("
                + e.getMessage() + ")", e);
        }
        try {
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            if (keys.size() != 1) {
                throw new SigningKeyException(keystore + " holds " + keys.size() + " keys: it must hold the operator's "
                    + "signing key alone");
            }
            PrivateKey key = (PrivateKey) store.getKey(keys.get(0), secret);
            Certificate[] certificates = store.getCertificateChain(keys.get(0));
            if (certificates == null || certificates.length == 0) {
                throw new SigningKeyException(keystore + " holds a key without its certificate");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : certificates) {
                chain.add((X509Certificate) certificate);
            }
            return of(key, chain, now, keystore.toString());
        } catch (GeneralSecurityException e) {
            throw new SigningKeyException(keystore + ": its key cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** A key and its chain (leaf first), checked as {@link #load} checks them; {@code where} names them in errors. */
    public static SigningKey of(PrivateKey key, List<X509Certificate> chain, Instant now, String where) {
        X509Certificate leaf = chain.get(0);
        String who = where + " (" + leaf.getSubjectX500Principal().getName() + ")";
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new SigningKeyException(who + ": the signing certificate expired on " + leaf.getNotAfter().toInstant()
                + ": renew it");
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new SigningKeyException(who + ": the signing certificate is not valid before "
                + leaf.getNotBefore().toInstant());
        }
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null && !usage[DIGITAL_SIGNATURE] && !usage[NON_REPUDIATION]) {
            throw new SigningKeyException(who + ": the certificate's keyUsage allows neither digitalSignature nor "
                + "nonRepudiation: it cannot sign mail");
        }
        if (!forEmail(leaf)) {
            throw new SigningKeyException(who + ": the certificate's extendedKeyUsage does not include "
                + "emailProtection: receivers would not take its signatures");
        }
        if (!matches(key, leaf)) {
            throw new SigningKeyException(who + ": the private key does not match the certificate");
        }
        return new SigningKey(key, chain);
    }

    /** No extendedKeyUsage (any purpose), or one that names e-mail protection or any purpose (RFC 8550 4.4.4). */
    static boolean forEmail(X509Certificate certificate) {
        try {
            List<String> purposes = certificate.getExtendedKeyUsage();
            return purposes == null || purposes.contains(EMAIL_PROTECTION) || purposes.contains(ANY_PURPOSE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        try {
            String algorithm = ServerSigner.signatureAlgorithm(key);
            byte[] challenge = "caducee signing key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    PrivateKey key() {
        return key;
    }

    /** Leaf first, as the keystore holds it. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** What stops the start: the keystore and what is wrong with it. */
    public static final class SigningKeyException extends IllegalStateException {
        SigningKeyException(String message) {
            super(message);
        }

        SigningKeyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
