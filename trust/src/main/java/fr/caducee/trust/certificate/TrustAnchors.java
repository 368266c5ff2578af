package fr.caducee.trust.certificate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.pki.PkiException;
import fr.caducee.trust.pki.SecureFiles;

/**
 * The CA certificates a peer operator's client certificate must chain to on the MX port: in
 * production the IGC-Santé roots the operator drops into {@code trust-anchors/}, in development
 * also the server's own development root.
 *
 * <p>Loading is strict on purpose: a mistaken file must stop the server with a message naming
 * it, rather than silently widen or empty the set of peers allowed to relay health data.
 */
public final class TrustAnchors {
    private static final List<String> CERTIFICATE_EXTENSIONS = List.of(".pem", ".crt", ".cer");

    private final List<X509Certificate> certificates;

    private TrustAnchors(List<X509Certificate> certificates) {
        this.certificates = List.copyOf(certificates);
    }

    /** Loads the {@code *.pem}, {@code *.crt} and {@code *.cer} files of the directory. */
    public static TrustAnchors load(Path directory) throws IOException {
        return load(directory, List.of());
    }

    /**
     * Loads the directory's certificates plus the extra anchors supplied by the caller (such as the
     * development root). A missing directory counts as empty.
     *
     * @throws PkiException if a certificate is not a currently valid CA certificate, or if no anchor is left
     */
    public static TrustAnchors load(Path directory, Collection<X509Certificate> extraAnchors) throws IOException {
        return load(directory, extraAnchors, Instant.now());
    }

    static TrustAnchors load(Path directory, Collection<X509Certificate> extraAnchors, Instant now)
            throws IOException {
        // A set, because the development root may both be supplied and have been copied into the folder.
        Set<X509Certificate> anchors = new LinkedHashSet<>();
        for (Path file : certificateFiles(directory)) {
            String source = describe(directory, file);
            for (X509Certificate certificate : readCertificates(file, source)) {
                anchors.add(check(certificate, source, now));
            }
        }
        for (X509Certificate certificate : extraAnchors) {
            anchors.add(check(certificate, "additional trust anchor", now));
        }
        if (anchors.isEmpty()) {
            throw new PkiException("no trust anchor found in " + directory + ": the MX port would refuse every peer");
        }
        return new TrustAnchors(new ArrayList<>(anchors));
    }

    /**
     * Every problem {@link #load} would stop at, one per file rather than the first alone: what a configuration check
     * reports, each naming its file. Empty when every file holds valid CA certificates (an empty folder is not a
     * problem here: the development root may be the only anchor).
     */
    public static List<String> problems(Path directory, Instant now) {
        List<String> problems = new ArrayList<>();
        List<Path> files;
        try {
            files = certificateFiles(directory);
        } catch (IOException | PkiException e) {
            return List.of(e.getMessage());
        }
        for (Path file : files) {
            String source = describe(directory, file);
            try {
                for (X509Certificate certificate : readCertificates(file, source)) {
                    check(certificate, source, now);
                }
            } catch (PkiException e) {
                problems.add(e.getMessage());
            } catch (IOException e) {
                problems.add(source + ": cannot be read (" + e.getMessage() + ")");
            }
        }
        return problems;
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    /**
     * Writes the anchors as trusted-certificate entries of a PKCS12 file, the form James's TLS
     * configuration takes as a truststore.
     */
    public void writePkcs12Truststore(Path file, char[] password) throws IOException {
        try {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            keyStore().store(content, password);
            SecureFiles.write(file, content.toByteArray(), false);
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot write truststore " + file, e);
        }
    }

    /** A PKIX trust manager accepting chains that end at one of the anchors (no revocation checking). */
    public X509TrustManager trustManager() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(keyStore());
            for (TrustManager trustManager : factory.getTrustManagers()) {
                if (trustManager instanceof X509TrustManager) {
                    return (X509TrustManager) trustManager;
                }
            }
            throw new PkiException("the PKIX trust manager factory returned no X509TrustManager");
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot build a trust manager from the trust anchors", e);
        }
    }

    @Override
    public String toString() {
        return "TrustAnchors" + certificates.stream().map(CertificateAuthority::subjectOf).toList();
    }

    private KeyStore keyStore() throws GeneralSecurityException, IOException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
            keyStore.setCertificateEntry(alias(i, certificates.get(i)), certificates.get(i));
        }
        return keyStore;
    }

    /** Stable, unique and readable enough in keytool listings. */
    private static String alias(int index, X509Certificate certificate) throws GeneralSecurityException {
        byte[] fingerprint = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return String.format(Locale.ROOT, "anchor-%02d-%s", index + 1,
                HexFormat.of().formatHex(fingerprint, 0, 8));
    }

    private static List<Path> certificateFiles(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return List.of();
        }
        if (!Files.isDirectory(directory)) {
            throw new PkiException(directory + ": trust anchors are expected in a directory");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString().toLowerCase(Locale.ROOT);
                if (Files.isRegularFile(entry) && CERTIFICATE_EXTENSIONS.stream().anyMatch(name::endsWith)) {
                    files.add(entry);
                }
            }
        }
        files.sort(null); // a stable order for the truststore aliases and for error reports
        return files;
    }

    private static List<X509Certificate> readCertificates(Path file, String source) throws IOException {
        byte[] content = Files.readAllBytes(file);
        List<X509Certificate> certificates;
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN")) {
            try {
                certificates = Pem.parseCertificates(new StringReader(text), source);
            } catch (IOException e) {
                throw new PkiException(e.getMessage(), e);
            }
        } else {
            certificates = readDer(content, source);
        }
        if (certificates.isEmpty()) {
            throw new PkiException(source + ": contains no certificate");
        }
        return certificates;
    }

    /** CAs often publish their roots as binary .cer/.crt files; accept those as they come. */
    private static List<X509Certificate> readDer(byte[] content, String source) {
        if (content.length == 0) {
            return List.of();
        }
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(content))) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (CertificateException e) {
            throw new PkiException(source + ": neither PEM nor DER certificates (" + e.getMessage() + ")", e);
        }
    }

    private static X509Certificate check(X509Certificate certificate, String source, Instant now) {
        String prefix = source + ": certificate " + CertificateAuthority.subjectOf(certificate);
        if (certificate.getBasicConstraints() < 0) {
            throw new PkiException(prefix + " is not a CA certificate");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= 5 || !keyUsage[5])) {
            throw new PkiException(prefix + " may not sign certificates (its keyUsage lacks keyCertSign)");
        }
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new PkiException(prefix + " expired on " + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new PkiException(prefix + " is not valid before " + certificate.getNotBefore().toInstant());
        }
        return certificate;
    }

    private static String describe(Path directory, Path file) {
        Path folder = directory.getFileName();
        return folder == null ? file.toString() : folder + "/" + file.getFileName();
    }
}
