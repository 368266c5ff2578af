package fr.caducee.server.autoconfig;

import java.net.URI;

/**
 * Thunderbird's autoconfiguration file (clientConfig 1.1, wiki.mozilla.org "Thunderbird:Autoconfiguration:
 * ConfigFileFormat"), also read by other clients (Evolution, KMail, K-9/Thunderbird for Android): for one domain,
 * each advertised IMAP listener as an {@code incomingServer} and each submission listener as an {@code outgoingServer},
 * preferred first, all over TLS ({@code SSL} or {@code STARTTLS}, never {@code plain}), the box address as user name
 * and the password sent inside TLS ({@code password-cleartext}); {@code OAuth2} comes second, when Pro Santé Connect
 * tokens are taken, with the provider's endpoints in an {@code oAuth2} element (Keycloak's paths, as PSC publishes
 * them; Thunderbird itself uses OAuth2 only with providers it knows).
 */
final class ThunderbirdConfig {
    static final String CONTENT_TYPE = "application/xml; charset=utf-8";
    static final String USER_NAME = "%EMAILADDRESS%";
    /** Pro Santé Connect's scopes for a practice software (ANS's Keycloak connector). */
    static final String PSC_SCOPE = "openid scope_all";

    private ThunderbirdConfig() {
    }

    static byte[] write(String domain, AutoconfigSettings settings) {
        IndentedXml xml = new IndentedXml()
            .open("clientConfig", "version", "1.1")
            .open("emailProvider", "id", domain)
            .element("domain", domain)
            .element("displayName", "Messagerie sécurisée de santé (" + domain + ")")
            .element("displayShortName", "MSSanté");
        for (AdvertisedServer server : settings.incoming()) {
            server(xml.open("incomingServer", "type", "imap"), server, settings);
        }
        for (AdvertisedServer server : settings.outgoing()) {
            server(xml.open("outgoingServer", "type", "smtp"), server, settings);
        }
        xml.close();
        settings.oauthIssuer().ifPresent(issuer -> xml.open("oAuth2")
            .element("issuer", issuerHost(issuer))
            .element("scope", PSC_SCOPE)
            .element("authURL", endpoint(issuer, "auth"))
            .element("tokenURL", endpoint(issuer, "token"))
            .close());
        return xml.close().bytes();
    }

    private static void server(IndentedXml xml, AdvertisedServer server, AutoconfigSettings settings) {
        xml.element("hostname", settings.host())
            .element("port", Integer.toString(server.port()))
            .element("socketType", server.service().implicitTls() ? "SSL" : "STARTTLS")
            .element("authentication", "password-cleartext");
        if (settings.oauthIssuer().isPresent()) {
            xml.element("authentication", "OAuth2");
        }
        xml.element("username", USER_NAME).close();
    }

    /** Thunderbird names an OAuth2 provider by its host ({@code accounts.google.com}). */
    private static String issuerHost(String issuer) {
        try {
            String host = URI.create(issuer).getHost();
            return host == null ? issuer : host;
        } catch (IllegalArgumentException e) {
            return issuer;
        }
    }

    private static String endpoint(String issuer, String name) {
        return (issuer.endsWith("/") ? issuer : issuer + "/") + "protocol/openid-connect/" + name;
    }
}
