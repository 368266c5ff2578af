package fr.caducee.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.server.tls.CurrentAnchors;
import fr.caducee.server.tls.CurrentKeys;
import fr.caducee.server.tls.InvalidTlsMaterialException;
import fr.caducee.server.tls.LoadedTls;
import fr.caducee.trust.certificate.TrustAnchors;
import fr.caducee.trust.pki.DevPki;

/**
 * The key material every TLS context uses, and its reload without a restart: its location goes to the James
 * configuration through {@code caducee.tls.keystore} and {@code caducee.tls.truststore} system properties; its secret
 * never becomes a system property: the listeners ({@link ListenerTls}), the revocation checks and outbound delivery
 * get it from here.
 *
 * <p>Every TLS context of the server (SMTP, IMAP, the HTTPS listeners, the gateway) is built on one pair of managers,
 * {@link #keyManager()} and {@link #anchorsTrustManager()}, which delegate to the material in force: {@link #reload()}
 * reads the keystore and the anchors again, refuses them unless they are sound, and swaps them; the next handshake
 * uses the new material, established sessions go on with theirs.
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
    private final Path anchorsFolder;
    private final List<X509Certificate> extraAnchors;
    private final Path truststore;
    private final AtomicReference<LoadedTls> current;
    private final CurrentKeys keys;
    private final CurrentAnchors anchorsTrust;

    private TlsMaterial(Path keystore, char[] secret, boolean development, Path anchorsFolder,
                        List<X509Certificate> extraAnchors, Path truststore, LoadedTls first) {
        this.keystore = keystore;
        this.secret = secret.clone();
        this.development = development;
        this.anchorsFolder = anchorsFolder;
        this.extraAnchors = List.copyOf(extraAnchors);
        this.truststore = truststore;
        this.current = new AtomicReference<>(first);
        this.keys = new CurrentKeys(current::get);
        this.anchorsTrust = new CurrentAnchors(current::get);
    }

    public static TlsMaterial prepare(ServerLayout layout, Settings settings) throws Exception {
        String configuredKeystore = settings.text(Setting.TLS_KEYSTORE);
        Path keystore;
        char[] secret;
        List<X509Certificate> extraAnchors;
        boolean development = configuredKeystore.isBlank();
        if (development) {
            DevPki pki = DevPki.ensure(layout.pkiDir(), layout.hostNames());
            keystore = pki.serverKeystore();
            secret = pki.secret();
            extraAnchors = List.of(pki.rootCertificate());
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
            extraAnchors = List.of();
        }
        // DevPki creates the folder owner-only; a production server may not have it yet.
        Files.createDirectories(layout.pkiDir());
        LoadedTls first = LoadedTls.read(keystore, secret, TrustAnchors.load(layout.trustAnchorsDir(), extraAnchors),
            Instant.now(), 1);
        // James wants the truststore in the keystore's format: rebuilt from the PEM anchors at every start.
        Path truststore = layout.pkiDir().resolve("trust-anchors.p12");
        first.anchors().writePkcs12Truststore(truststore, secret);
        System.setProperty(KEYSTORE, keystore.toString());
        System.setProperty(TRUSTSTORE, truststore.toString());
        LOGGER.info("TLS: keystore {}, {} trust anchor(s){}", keystore, first.anchors().certificates().size(),
            development ? ", DEVELOPMENT PKI" : "");
        return new TlsMaterial(keystore, secret, development, layout.trustAnchorsDir(), extraAnchors, truststore, first);
    }

    /** Material given directly, as a test gives it: the anchors are read from {@code anchorsFolder} on reload. */
    public static TlsMaterial of(Path keystore, char[] secret, Path anchorsFolder, List<X509Certificate> extraAnchors,
                                 Path truststore) throws IOException, InvalidTlsMaterialException {
        LoadedTls first = LoadedTls.read(keystore, secret, TrustAnchors.load(anchorsFolder, extraAnchors),
            Instant.now(), 1);
        return new TlsMaterial(keystore, secret, false, anchorsFolder, extraAnchors, truststore, first);
    }

    /**
     * Reads the keystore and the anchors folder again; when both are sound (see {@link LoadedTls#read}) they replace
     * the material in force for every handshake from now on, else the material in force stays and the exception
     * says why. Revocation lists are the caller's ({@link fr.caducee.server.tls.TlsReload}).
     */
    public synchronized LoadedTls reload() throws InvalidTlsMaterialException {
        LoadedTls fresh = read();
        install(fresh);
        return fresh;
    }

    /** Reads and checks the material on disk without installing it. */
    public synchronized LoadedTls read() throws InvalidTlsMaterialException {
        TrustAnchors anchors;
        try {
            anchors = TrustAnchors.load(anchorsFolder, extraAnchors);
        } catch (IOException | RuntimeException e) {
            throw new InvalidTlsMaterialException("the trust anchors in " + anchorsFolder + " cannot be used: "
                + e.getMessage());
        }
        return LoadedTls.read(keystore, secret, anchors, Instant.now(), current.get().generation() + 1);
    }

    /** Puts material read by {@link #read()} in force. */
    public synchronized void install(LoadedTls fresh) throws InvalidTlsMaterialException {
        try {
            fresh.anchors().writePkcs12Truststore(truststore, secret);
        } catch (IOException | RuntimeException e) {
            throw new InvalidTlsMaterialException("the truststore " + truststore + " cannot be written: " + e.getMessage());
        }
        keys.remember(current.get());
        current.set(fresh);
        LOGGER.info("TLS material reloaded: {}, {} trust anchor(s)", fresh.describe(),
            fresh.anchors().certificates().size());
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

    /** The trust anchors in force. */
    public List<X509Certificate> anchors() {
        return current.get().anchors().certificates();
    }

    /** The server certificate in force. */
    public X509Certificate certificate() {
        return current.get().certificate();
    }

    public LoadedTls current() {
        return current.get();
    }

    /** The server's key and certificate in force at each handshake: for every TLS context, server or client. */
    public CurrentKeys keyManager() {
        return keys;
    }

    /** Chains ending at the anchors in force (no revocation: the hooks check it), for listeners needing a certificate. */
    public X509ExtendedTrustManager anchorsTrustManager() {
        return anchorsTrust;
    }

    /** A TLS context on the material in force at each handshake, with this trust manager. */
    public SSLContext context(TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[] {keys}, new TrustManager[] {trust}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }
}
