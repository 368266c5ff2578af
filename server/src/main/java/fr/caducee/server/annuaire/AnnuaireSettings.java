package fr.caducee.server.annuaire;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import fr.caducee.server.TlsMaterial;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * The publication's settings, checked at start ({@code caducee.annuaire.*}, docs/CONFIGURATION.md): the API's FHIR
 * base (empty: publication off), whom its certificate must chain to, the delays between attempts, the wait for an
 * answer, the API key if ANS gave one. The operator's client certificate is the server's own TLS certificate.
 */
public record AnnuaireSettings(Optional<URI> url, Optional<Path> caFile, Publication.Backoff backoff, Duration timeout,
                               Optional<String> apiKey) {

    public static AnnuaireSettings from(Settings settings) {
        String url = settings.text(Setting.ANNUAIRE_URL).strip();
        Duration first = settings.seconds(Setting.ANNUAIRE_RETRY_SECONDS);
        Duration longest = settings.seconds(Setting.ANNUAIRE_RETRY_MAX_SECONDS);
        if (longest.compareTo(first) < 0) {
            throw settings.invalid(Setting.ANNUAIRE_RETRY_MAX_SECONDS, "is shorter than "
                + Setting.ANNUAIRE_RETRY_SECONDS.key() + " (" + first.toSeconds() + " s): the longest delay between two "
                + "attempts cannot be shorter than the first");
        }
        Optional<Path> caFile = settings.optional(Setting.ANNUAIRE_CA_FILE).filter(value -> !value.isBlank())
            .map(value -> settings.path(Setting.ANNUAIRE_CA_FILE));
        if (caFile.isPresent() && !Files.isReadable(caFile.get())) {
            throw settings.invalid(Setting.ANNUAIRE_CA_FILE, "names " + caFile.get() + ", which cannot be read");
        }
        return new AnnuaireSettings(url.isEmpty() ? Optional.empty() : Optional.of(https(settings, url)), caFile,
            new Publication.Backoff(first, longest), settings.seconds(Setting.ANNUAIRE_TIMEOUT_SECONDS),
            settings.secret(Setting.ANNUAIRE_API_KEY).map(String::strip).filter(key -> !key.isEmpty()));
    }

    private static URI https(Settings settings, String url) {
        try {
            URI uri = new URI(url);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw settings.invalid(Setting.ANNUAIRE_URL, "must be the API's https:// address, was '" + url + "'");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw settings.invalid(Setting.ANNUAIRE_URL, "is the FHIR base, without query or fragment: '" + url + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw settings.invalid(Setting.ANNUAIRE_URL, "is not a URL: " + e.getMessage());
        }
    }

    /** True when boxes are published. */
    public boolean on() {
        return url.isPresent();
    }

    /** The server's certificate and key for our side; for the API's, the CA file or else the JVM's trust store. */
    public SSLContext tls(TlsMaterial material) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile.isPresent()) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                Collection<? extends Certificate> certificates;
                try (InputStream in = Files.newInputStream(caFile.get())) {
                    certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                }
                if (certificates.isEmpty()) {
                    throw new IllegalStateException(Setting.ANNUAIRE_CA_FILE.key() + ": " + caFile.get()
                        + " holds no PEM certificate");
                }
                int i = 0;
                for (Certificate certificate : certificates) {
                    trusted.setCertificateEntry("annuaire-ca-" + i++, certificate);
                }
                trust.init(trusted);
            } else {
                trust.init((KeyStore) null);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            // Our side presents the server's certificate in force at each connection: a reload reaches it.
            context.init(new KeyManager[] {material.keyManager()}, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("The TLS context of the publication to the national directory cannot be "
                + "built (" + Setting.ANNUAIRE_CA_FILE.key() + ", the server's keystore): " + e.getMessage(), e);
        }
    }
}
