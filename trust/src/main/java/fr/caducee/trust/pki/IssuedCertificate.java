package fr.caducee.trust.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/** A leaf certificate with its private key and the chain a TLS peer needs to validate it. */
public final class IssuedCertificate {
    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final List<X509Certificate> chain;

    IssuedCertificate(PrivateKey privateKey, X509Certificate certificate, List<X509Certificate> chain) {
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.chain = List.copyOf(chain);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The leaf first, then its issuing CA: the order TLS sends them in. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /**
     * Writes a PKCS12 keystore holding the key entry and its full chain, in the JDK's own format
     * so James's SunX509 key manager can read it; owner-readable only.
     */
    public void writePkcs12(Path file, char[] password, String alias) throws IOException {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(alias, privateKey, password, chain.toArray(new Certificate[0]));
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            keyStore.store(content, password);
            SecureFiles.write(file, content.toByteArray(), true);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot write keystore " + file, e);
        }
    }

    /** Writes the leaf certificate alone. */
    public void writeCertificatePem(Path file) throws IOException {
        Pem.writeCertificate(file, certificate);
    }

    /** Writes the key as unencrypted PKCS#8, owner-readable only. */
    public void writePrivateKeyPem(Path file) throws IOException {
        Pem.writePrivateKey(file, privateKey);
    }

    @Override
    public String toString() {
        // Deliberately leaves the private key out: some key classes print their secret parts.
        return "IssuedCertificate[" + CertificateAuthority.subjectOf(certificate)
                + ", serial " + certificate.getSerialNumber().toString(16) + "]";
    }
}
