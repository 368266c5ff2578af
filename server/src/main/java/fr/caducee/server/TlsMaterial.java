package fr.caducee.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.trust.certificate.TrustAnchors;
import fr.caducee.trust.pki.DevPki;

/**
 * Prepares the key material every TLS listener uses: its location goes to the James configuration through
 * {@code caducee.tls.keystore} and {@code caducee.tls.truststore} system properties; its secret never becomes a
 * system property: the listeners ({@link ListenerTls}), the revocation checks and outbound delivery get it from here.
 *
 * <p>Production: the operator sets {@code caducee.tls.keystore} (a PKCS12 file with the server key and its IGC-Santé
 * chain) and its password in an owner-only file named by {@code caducee.tls.secretFile} or in the environment
 * variable {@code CADUCEE_TLS_SECRET} (read by {@link Settings}); only the CA certificates in {@code trust-anchors/}
 * are trusted. Development: when no keystore is set, a development PKI is created in the data folder on first start
 * (its password in {@code pki/keystore-secret}) and its root is trusted in addition.
 */
public final class TlsMaterial {
    private static final Logger LOGGER = LoggerFactory.getLogger(TlsMaterial.class);
    static final String KEYSTORE = Setting.TLS_KEYSTORE.key();
    static final String TRUSTSTORE = Setting.TLS_TRUSTSTORE.key();
    static final String DEVELOPMENT_CRL = Setting.CRL_DEVELOPMENT.key();

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

    public static TlsMaterial prepare(ServerLayout layout, Settings settings) throws Exception {
        String configuredKeystore = settings.text(Setting.TLS_KEYSTORE);
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
            keystore = settings.path(Setting.TLS_KEYSTORE);
            String configuredSecret = settings.secret(Setting.TLS_SECRET).orElse("");
            if (!Files.isReadable(keystore)) {
                throw settings.invalid(Setting.TLS_KEYSTORE, "names " + keystore + ", which cannot be read");
            }
            if (configuredSecret.isEmpty()) {
                throw new IllegalStateException("TLS keystore " + keystore + " is set but not its password: "
                    + "put it in a file readable only by the server's account and name that file with "
                    + Setting.TLS_SECRET_FILE + ", or in the environment variable CADUCEE_TLS_SECRET");
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
        System.setProperty(TRUSTSTORE, truststore.toString());
        LOGGER.info("TLS: keystore {}, {} trust anchor(s){}", keystore, anchors.certificates().size(),
            development ? ", DEVELOPMENT PKI" : "");
        return new TlsMaterial(keystore, secret, development, anchors.certificates());
    }

    public Path keystore() {
        return keystore;
    }

    /**
     * The keystore's secret, also the truststore's: the listeners ({@link ListenerTls}), the revocation checks and
     * outbound delivery get it from here.
     */
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
