package fr.caducee.trust.pki;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM files as exchanged with operators and OpenSSL: certificates (one or several per file)
 * and unencrypted PKCS#8 private keys.
 */
public final class Pem {
    // Latin-1 never fails to decode: comments or "Bag Attributes" around the blocks may hold
    // accented names (IGC-Santé), while the base64 inside is ASCII either way.
    // No provider is named: the JDK's own CertificateFactory and KeyFactory produce the objects,
    // which keeps them acceptable to SunJSSE and to the JDK's PKCS12 keystore.
    private static final JcaX509CertificateConverter CERTIFICATES = new JcaX509CertificateConverter();
    private static final JcaPEMKeyConverter KEYS = new JcaPEMKeyConverter();

    private Pem() {
    }

    /** Reads every certificate of the file, in order; an empty list if it holds no PEM block. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            return parseCertificates(reader, file.toString());
        }
    }

    /** Reads a file that must hold exactly one certificate. */
    public static X509Certificate readCertificate(Path file) throws IOException {
        List<X509Certificate> certificates = readCertificates(file);
        if (certificates.size() != 1) {
            throw new IOException(file + ": expected one certificate, found " + certificates.size());
        }
        return certificates.get(0);
    }

    /** Parses PEM text, e.g. a certificate pasted in configuration. */
    public static List<X509Certificate> parseCertificates(String pem) throws IOException {
        return parseCertificates(new StringReader(pem), "PEM text");
    }

    /**
     * Reads an unencrypted private key, PKCS#8 ({@code BEGIN PRIVATE KEY}) or the traditional
     * OpenSSL forms ({@code BEGIN EC PRIVATE KEY}, {@code BEGIN RSA PRIVATE KEY}).
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.ISO_8859_1))) {
            Object object = next(parser, file.toString());
            if (object == null) {
                throw new IOException(file + ": no PEM private key found");
            }
            if (object instanceof PrivateKeyInfo) {
                return KEYS.getPrivateKey((PrivateKeyInfo) object);
            }
            if (object instanceof PEMKeyPair) {
                return KEYS.getKeyPair((PEMKeyPair) object).getPrivate();
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                // The key's protection is the file mode of its directory, not a passphrase nobody could type at startup.
                throw new IOException(file + ": the private key is encrypted; an unencrypted PKCS#8 key is expected");
            }
            throw new IOException(file + ": expected a private key, found " + describe(object));
        }
    }

    public static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
        writeCertificates(file, List.of(certificate));
    }

    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        SecureFiles.write(file, toPem(certificates).getBytes(StandardCharsets.US_ASCII), false);
    }

    /** Writes the key as unencrypted PKCS#8, readable only by its owner where POSIX modes exist. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            // JcaPEMWriter alone would choose the traditional "EC PRIVATE KEY" form; PKCS#8 is asked for.
            writer.writeObject(new JcaPKCS8Generator(key, null));
        }
        SecureFiles.write(file, text.toString().getBytes(StandardCharsets.US_ASCII), true);
    }

    /** Writes a certificate revocation list as one {@code BEGIN X509 CRL} block, as OpenSSL and Postfix read it. */
    public static void writeRevocationList(Path file, X509CRL crl) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(crl);
        }
        SecureFiles.write(file, text.toString().getBytes(StandardCharsets.US_ASCII), false);
    }

    /** Reads a revocation list, PEM or DER. */
    public static X509CRL readRevocationList(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        } catch (CertificateException | CRLException e) {
            throw new IOException(file + ": not a certificate revocation list (" + e.getMessage() + ")", e);
        }
    }

    /** PEM text of the certificates, one block each, in order. */
    public static String toPem(List<X509Certificate> certificates) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        }
        return text.toString();
    }

    /** @param source names the origin of the text in error messages */
    public static List<X509Certificate> parseCertificates(Reader reader, String source) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(reader)) {
            Object object;
            while ((object = next(parser, source)) != null) {
                // Anything else in a certificate file (typically a private key) is a mistake worth reporting.
                if (!(object instanceof X509CertificateHolder)) {
                    throw new IOException(source + ": expected certificates only, found " + describe(object));
                }
                try {
                    certificates.add(CERTIFICATES.getCertificate((X509CertificateHolder) object));
                } catch (CertificateException e) {
                    throw new IOException(source + ": unreadable certificate: " + e.getMessage(), e);
                }
            }
        }
        return certificates;
    }

    private static Object next(PEMParser parser, String source) throws IOException {
        try {
            return parser.readObject();
        } catch (IOException | RuntimeException e) {
            // BouncyCastle's messages ("malformed PEM data encountered") do not say which file.
            throw new IOException(source + ": malformed PEM data: " + e.getMessage(), e);
        }
    }

    private static String describe(Object pemObject) {
        if (pemObject instanceof PrivateKeyInfo || pemObject instanceof PEMKeyPair
                || pemObject instanceof PKCS8EncryptedPrivateKeyInfo || pemObject instanceof PEMEncryptedKeyPair) {
            return "a private key";
        }
        if (pemObject instanceof X509CertificateHolder) {
            return "a certificate";
        }
        return "a " + pemObject.getClass().getSimpleName();
    }
}
