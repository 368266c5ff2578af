package fr.caducee.server.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The server's TLS keystore as the listeners will open it: readable, opened by its password, holding a key with its
 * certificate, that certificate valid now and for {@link #WARNING_DAYS} more days (the sector's CA warns as far
 * ahead), and naming the server's host names.
 */
public final class KeystoreCheck {
    /** A certificate expiring sooner than this is a warning, with the days left. */
    public static final int WARNING_DAYS = 60;

    private KeystoreCheck() {
    }

    /**
     * @param key       the setting naming the keystore, for the findings
     * @param hostNames names the certificate must carry; empty: not checked
     */
    public static void check(Path keystore, char[] secret, String key, List<String> hostNames, Instant now,
                             Findings findings) {
        String where = keystore.toString();
        if (!Files.isReadable(keystore)) {
            findings.problem(where, key, "cannot be read (missing, or not readable by this account)");
            return;
        }
        othersCanRead(keystore, key, findings);
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
        } catch (IOException | GeneralSecurityException e) {
            findings.problem(where, key, "cannot be opened as a PKCS#12 keystore with the password given ("
                + e.getMessage() + ")");
            return;
        }
        Optional<X509Certificate> certificate = keyCertificate(store);
        if (certificate.isEmpty()) {
            findings.problem(where, key, "holds no private key with its certificate: the listeners need both");
            return;
        }
        expiry(certificate.get(), where, key, now, findings);
        for (String hostName : hostNames) {
            if (!names(certificate.get(), hostName)) {
                findings.warning(where, key, "the certificate (" + certificate.get().getSubjectX500Principal().getName()
                    + ") does not name the host " + hostName + ": mail clients connecting to it will not trust it");
            }
        }
    }

    /** Expired or not yet valid: a problem; expiring within {@link #WARNING_DAYS} days: a warning with the days left. */
    public static void expiry(X509Certificate certificate, String where, String key, Instant now, Findings findings) {
        String subject = certificate.getSubjectX500Principal().getName();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isAfter(notAfter)) {
            findings.problem(where, key, "the certificate " + subject + " expired on " + notAfter
                + ": peers and clients refuse it; install a renewed certificate");
        } else if (now.isBefore(certificate.getNotBefore().toInstant())) {
            findings.problem(where, key, "the certificate " + subject + " is not valid before "
                + certificate.getNotBefore().toInstant());
        } else {
            long daysLeft = Duration.between(now, notAfter).toDays();
            if (daysLeft < WARNING_DAYS) {
                findings.warning(where, key, "the certificate " + subject + " expires on " + notAfter + ", in "
                    + daysLeft + (daysLeft == 1 ? " day" : " days") + ": renew it");
            }
        }
    }

    /** A private key others can read is one password away from them: said, though the start goes on. */
    private static void othersCanRead(Path keystore, String key, Findings findings) {
        try {
            if (Files.getPosixFilePermissions(keystore).contains(PosixFilePermission.OTHERS_READ)) {
                findings.warning(keystore.toString(), key, "any user of the machine can read this private key's "
                    + "keystore: chmod o-r " + keystore);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to say
        }
    }

    private static Optional<X509Certificate> keyCertificate(KeyStore store) {
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (store.isKeyEntry(alias) && certificate instanceof X509Certificate x509) {
                    return Optional.of(x509);
                }
            }
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Whether a DNS name of the certificate (or, without any, its CN) covers the host, one wildcard label allowed. */
    static boolean names(X509Certificate certificate, String hostName) {
        String host = hostName.toLowerCase(Locale.ROOT);
        for (String name : dnsNames(certificate)) {
            String candidate = name.toLowerCase(Locale.ROOT);
            if (candidate.equals(host) || candidate.startsWith("*.") && host.indexOf('.') > 0
                    && host.substring(host.indexOf('.')).equals(candidate.substring(1))) {
                return true;
            }
        }
        return false;
    }

    private static Collection<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (Integer.valueOf(2).equals(alternative.get(0))) {
                        names.add(alternative.get(1).toString());
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return names;
        }
        if (names.isEmpty()) {
            for (String part : certificate.getSubjectX500Principal().getName().split(",")) {
                if (part.strip().startsWith("CN=")) {
                    names.add(part.strip().substring(3));
                }
            }
        }
        return names;
    }
}
