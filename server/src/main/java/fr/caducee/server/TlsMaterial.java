package fr.caducee.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.trust.certificate.TrustAnchors;
import fr.caducee.trust.pki.DevPki;

/**
 * Prepares the key material every TLS listener uses: its location goes to the James configuration through
 * {@code caducee.tls.keystore} and {@code caducee.tls.truststore} system properties, its secret to the listeners
 * directly ({@link #secret()}, {@link ListenerTls}). The secret is still published as {@code caducee.tls.secret} for
 * the revocation checks and outbound delivery, which read the same stores.
 *
 * <p>Production: the operator sets {@code caducee.tls.keystore} (a PKCS12 file with the server key and its IGC-Santé
 * chain) and {@code caducee.tls.secret}; only the CA certificates in {@code trust-anchors/} are trusted.
 * Development: when no keystore is set, a development PKI is created in the data folder on first start and its
 * root is trusted in addition.
 */
public final class TlsMaterial {
    private static final Logger LOGGER = LoggerFactory.getLogger(TlsMaterial.class);
    static final String KEYSTORE = "caducee.tls.keystore";
    static final String SECRET = "caducee.tls.secret";
    static final String TRUSTSTORE = "caducee.tls.truststore";
    static final String DEVELOPMENT_CRL = "caducee.crl.development";

    private final Path keystore;
    private final char[] secret;
    private final boolean development;
    private final List<X509Certificate> anchors;

    private TlsMaterial(Path keystore, char[] secret, boolean development, List<X509Certificate> anchors) {
        this.keystore = keystore;
        this.secret = secret.clone();
        this.development = development;
        this.anchors = anchors;
    }

    public static TlsMaterial prepare(ServerLayout layout) throws Exception {
        String configuredKeystore = System.getProperty(KEYSTORE, "");
        Path keystore;
        char[] secret;
        TrustAnchors anchors;
        boolean development = configuredKeystore.isBlank();
        if (development) {
            DevPki pki = DevPki.ensure(layout.pkiDir(), layout.hostNames());
            keystore = pki.serverKeystore();
            secret = pki.secret();
            anchors = TrustAnchors.load(layout.trustAnchorsDir(), List.of(pki.rootCertificate()));
            // The development root is trusted in addition to trust-anchors/, and its revocation list read likewise.
            System.setProperty(DEVELOPMENT_CRL, pki.revocationList().toString());
        } else {
            keystore = Path.of(configuredKeystore).toAbsolutePath();
            String configuredSecret = System.getProperty(SECRET, System.getenv().getOrDefault("CADUCEE_TLS_SECRET", ""));
            if (!Files.isReadable(keystore) || configuredSecret.isEmpty()) {
                throw new IllegalStateException("TLS keystore " + keystore + " must be readable and its secret set with -D"
                    + SECRET + " or CADUCEE_TLS_SECRET");
            }
            secret = configuredSecret.toCharArray();
            anchors = TrustAnchors.load(layout.trustAnchorsDir(), List.of());
        }
        // DevPki creates the folder owner-only; a production server may not have it yet.
        Files.createDirectories(layout.pkiDir());
        // James wants the truststore in the keystore's format: rebuilt from the PEM anchors at every start.
        Path truststore = layout.pkiDir().resolve("trust-anchors.p12");
        anchors.writePkcs12Truststore(truststore, secret);
        System.setProperty(KEYSTORE, keystore.toString());
        System.setProperty(SECRET, new String(secret));
        System.setProperty(TRUSTSTORE, truststore.toString());
        LOGGER.info("TLS: keystore {}, {} trust anchor(s){}", keystore, anchors.certificates().size(),
            development ? ", DEVELOPMENT PKI" : "");
        return new TlsMaterial(keystore, secret, development, anchors.certificates());
    }

    public Path keystore() {
        return keystore;
    }

    /** The keystore's secret, also the truststore's: the listeners get it from here ({@link ListenerTls}). */
    public char[] secret() {
        return secret.clone();
    }

    public boolean development() {
        return development;
    }

    public List<X509Certificate> anchors() {
        return anchors;
    }
}
