package fr.caducee.server.identity;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import fr.caducee.identity.psc.PscSettings;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.trust.pki.Pem;

/**
 * Pro Santé Connect's {@code caducee.psc.*} settings, read and checked at start (docs/CONFIGURATION.md, "Sector
 * identity"): without an issuer there is no token login; with one, the practice software allowed must be named, every
 * URL fetched must be https (plain http only to a loopback address), the introspection needs this server's
 * credentials (from an owner-only file or the environment, never the command line), and the provider's HTTPS is
 * checked against {@code caducee.psc.caFile} or the JVM's trust store. A mistake stops the start with a sentence
 * naming the key.
 */
public final class PscConfiguration {
    private static final List<Setting> NEED_AN_ISSUER = List.of(Setting.PSC_CLIENTS, Setting.PSC_JWKS_URL,
        Setting.PSC_INTROSPECTION_URL);

    private PscConfiguration() {
    }

    /** The token checks' settings; empty when no issuer is configured (OAUTHBEARER and XOAUTH2 not offered). */
    public static Optional<PscSettings> from(Settings settings) {
        String issuer = settings.text(Setting.PSC_ISSUER).strip();
        if (issuer.isEmpty()) {
            for (Setting needsIssuer : NEED_AN_ISSUER) {
                if (!settings.text(needsIssuer).isBlank()) {
                    throw settings.invalid(needsIssuer, "is set while " + Setting.PSC_ISSUER.key() + " is empty: set "
                        + "the identity provider's issuer for token logins, or remove " + needsIssuer.key());
                }
            }
            return Optional.empty();
        }
        URI issuerUrl = url(settings, Setting.PSC_ISSUER, issuer);
        String jwks = settings.text(Setting.PSC_JWKS_URL).strip();
        URI jwksUrl = jwks.isEmpty() ? PscSettings.keycloakJwksUrl(issuerUrl.toString())
            : url(settings, Setting.PSC_JWKS_URL, jwks);
        Set<String> clients = new LinkedHashSet<>();
        Arrays.stream(settings.text(Setting.PSC_CLIENTS).split(",")).map(String::strip).filter(id -> !id.isEmpty())
            .forEach(clients::add);
        if (clients.isEmpty()) {
            throw settings.invalid(Setting.PSC_CLIENTS, "is empty while " + Setting.PSC_ISSUER.key() + " is set: name "
                + "the practice software (their client ids at the provider, comma-separated) whose tokens open boxes");
        }
        String acr = required(settings, Setting.PSC_ACR, "the authentication level tokens must carry (eidas1)");
        String claim = required(settings, Setting.PSC_CLAIM, "the claim naming the professional's idNat "
            + "(preferred_username)");
        Duration refresh = Duration.ofSeconds(settings.number(Setting.PSC_JWKS_REFRESH_SECONDS, 1, 86_400));
        Duration skew = Duration.ofSeconds(settings.number(Setting.PSC_CLOCK_SKEW_SECONDS, 0, 300));
        String introspection = settings.text(Setting.PSC_INTROSPECTION_URL).strip();
        Optional<URI> introspectionUrl = introspection.isEmpty() ? Optional.empty()
            : Optional.of(url(settings, Setting.PSC_INTROSPECTION_URL, introspection));
        Optional<PscSettings.ClientCredentials> credentials = credentials(settings);
        if (introspectionUrl.isPresent() && credentials.isEmpty()) {
            throw settings.invalid(Setting.PSC_INTROSPECTION_URL, "needs this server's client credentials at the "
                + "provider: " + Setting.PSC_INTROSPECTION_CREDENTIALS.key() + " (an owner-only file holding "
                + "client-id:secret) or the environment variable CADUCEE_PSC_INTROSPECTION_LOGIN");
        }
        return Optional.of(new PscSettings(issuer, jwksUrl, clients, acr, claim, refresh, skew, introspectionUrl,
            introspectionUrl.isPresent() ? credentials : Optional.empty(), trust(settings)));
    }

    private static URI url(Settings settings, Setting setting, String value) {
        URI url;
        try {
            url = new URI(value);
        } catch (URISyntaxException e) {
            throw settings.invalid(setting, "must be an absolute https URL, was '" + value + "'");
        }
        PscSettings.problemWithUrl(url).ifPresent(problem -> {
            throw settings.invalid(setting, problem);
        });
        return url;
    }

    private static String required(Settings settings, Setting setting, String what) {
        String value = settings.text(setting).strip();
        if (value.isEmpty()) {
            throw settings.invalid(setting, "is empty: it names " + what);
        }
        return value;
    }

    private static Optional<PscSettings.ClientCredentials> credentials(Settings settings) {
        Optional<String> login = settings.secret(Setting.PSC_INTROSPECTION_LOGIN);
        if (login.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(PscSettings.ClientCredentials.parse(login.get()));
        } catch (IllegalArgumentException e) {
            // Never the value: it is a secret.
            Setting where = settings.isGiven(Setting.PSC_INTROSPECTION_CREDENTIALS)
                ? Setting.PSC_INTROSPECTION_CREDENTIALS : Setting.PSC_INTROSPECTION_LOGIN;
            throw settings.invalid(where, "must hold client-id:secret (the client id, a colon, the secret)");
        }
    }

    /** The provider's HTTPS checked against the certificates of {@code caducee.psc.caFile}, else the JVM's. */
    private static SSLContext trust(Settings settings) {
        try {
            if (!settings.isGiven(Setting.PSC_CA_FILE)) {
                return SSLContext.getDefault();
            }
            Path file = settings.path(Setting.PSC_CA_FILE);
            List<X509Certificate> certificates;
            try {
                certificates = Pem.readCertificates(file);
            } catch (IOException e) {
                throw settings.invalid(Setting.PSC_CA_FILE, "names " + file + ", which cannot be read as PEM "
                    + "certificates (" + e.getMessage() + ")");
            }
            if (certificates.isEmpty()) {
                throw settings.invalid(Setting.PSC_CA_FILE, "names " + file + ", which holds no PEM certificate");
            }
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                anchors.setCertificateEntry("psc-ca-" + i, certificates.get(i));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS context for the identity provider: " + e.getMessage(),
                e);
        }
    }
}
