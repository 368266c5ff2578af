package fr.caducee.identity.psc;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.net.ssl.SSLContext;

/**
 * How Pro Santé Connect's access tokens are checked (docs/IDENTITY.md, "Pro Santé Connect tokens"); the server builds
 * it from {@code caducee.psc.*} ({@code server.identity.PscConfiguration}).
 *
 * @param issuer                   the provider's issuer, equal to the tokens' {@code iss}, e.g.
 *                                 {@code https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet}
 * @param jwksUrl                  where the provider publishes its signing keys (Keycloak:
 *                                 {@code <issuer>/protocol/openid-connect/certs})
 * @param clients                  the practice software whose tokens are taken: a token's {@code aud} or {@code azp}
 *                                 must be one of them
 * @param acr                      the authentication level a token must carry ({@code eidas1})
 * @param claim                    the claim holding the professional's idNat ({@code preferred_username})
 * @param jwksRefresh              how long fetched keys are kept
 * @param clockSkew                the clock difference allowed on {@code exp} and {@code nbf}
 * @param introspectionUrl         RFC 7662 token introspection; empty: tokens are checked by their signature alone
 * @param introspectionCredentials this server's client credentials at the introspection endpoint
 * @param trust                    what the provider's HTTPS certificate is checked against
 */
public record PscSettings(String issuer, URI jwksUrl, Set<String> clients, String acr, String claim,
                          Duration jwksRefresh, Duration clockSkew, Optional<URI> introspectionUrl,
                          Optional<ClientCredentials> introspectionCredentials, SSLContext trust) {
    /** Keycloak's path of the keys under the realm's issuer. */
    public static final String KEYCLOAK_JWKS_PATH = "/protocol/openid-connect/certs";

    public PscSettings {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("the issuer is empty");
        }
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        clients = Set.copyOf(clients);
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("no client is allowed: every token would be refused");
        }
        if (acr == null || acr.isBlank() || claim == null || claim.isBlank()) {
            throw new IllegalArgumentException("the acr and the claim must not be empty");
        }
        if (jwksRefresh.compareTo(Duration.ofSeconds(1)) < 0 || clockSkew.isNegative()) {
            throw new IllegalArgumentException("the keys' refresh must be at least a second, the clock skew not negative");
        }
        introspectionUrl = Objects.requireNonNullElse(introspectionUrl, Optional.empty());
        introspectionCredentials = Objects.requireNonNullElse(introspectionCredentials, Optional.empty());
        if (introspectionUrl.isPresent() && introspectionCredentials.isEmpty()) {
            throw new IllegalArgumentException("the introspection endpoint needs this server's client credentials");
        }
        Objects.requireNonNull(trust, "trust");
        checkFetchable("the issuer", URI.create(issuer));
        checkFetchable("the keys' URL", jwksUrl);
        introspectionUrl.ifPresent(url -> checkFetchable("the introspection URL", url));
    }

    /** The keys' URL Keycloak publishes for this issuer. */
    public static URI keycloakJwksUrl(String issuer) {
        return URI.create(issuer.replaceAll("/+$", "") + KEYCLOAK_JWKS_PATH);
    }

    /**
     * An absolute {@code https} URL, or {@code http} to a loopback address (a provider on the same machine, a test's).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void checkFetchable(String what, URI url) {
        problemWithUrl(url).ifPresent(problem -> {
            throw new IllegalArgumentException(what + " " + problem);
        });
    }

    /** What is wrong with a URL this server would fetch from, as {@code must ...}; empty when nothing is. */
    public static Optional<String> problemWithUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("must be an absolute https URL, was '" + url + "'");
        }
        if (scheme.equals("http") && !loopback(url.getHost())) {
            return Optional.of("must use https (plain http only to a loopback address, where nothing crosses the "
                + "network), was '" + url + "'");
        }
        return Optional.empty();
    }

    private static boolean loopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses are looked at: a name is not resolved, so it cannot be made to point elsewhere.
        boolean ipv4 = bare.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean ipv6 = bare.contains(":") && bare.matches("[0-9A-Fa-f:.]+");
        if (!ipv4 && !ipv6) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** This server's client id and secret at the provider (RFC 6749 client authentication); never shown. */
    public record ClientCredentials(String clientId, String secret) {
        public ClientCredentials {
            if (clientId == null || clientId.isEmpty() || secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("client credentials need a client id and a secret");
            }
        }

        /** From {@code client-id:secret}, as the credentials file or the environment holds them. */
        public static ClientCredentials parse(String login) {
            int colon = login == null ? -1 : login.indexOf(':');
            if (colon <= 0 || colon == login.length() - 1) {
                throw new IllegalArgumentException("the introspection login must be client-id:secret");
            }
            return new ClientCredentials(login.substring(0, colon), login.substring(colon + 1).strip());
        }

        @Override
        public String toString() {
            return "ClientCredentials[" + clientId + ":***]";
        }
    }
}
