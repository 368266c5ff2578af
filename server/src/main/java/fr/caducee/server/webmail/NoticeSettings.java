package fr.caducee.server.webmail;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * How notices reach patients' personal addresses, checked at start: a wrong value stops it with the key named.
 *
 * @param relay       the outbound relay, {@code host:port}; empty: notices are off (none written, none sent)
 * @param starttls    true unless {@code relayTls=none} was said: the relay must then offer STARTTLS, or nothing is sent
 * @param credentials the relay's login, from an owner-only file; empty: no AUTH
 * @param from        the notices' From and envelope sender
 * @param origin      the webmail's address, the one link a notice carries
 */
public record NoticeSettings(Optional<Relay> relay, boolean starttls, Optional<Credentials> credentials, String from,
                             String origin) {
    /** The webmail's port when {@code caducee.webmail.origin} is not set. */
    static final int DEFAULT_WEBMAIL_PORT = 10444;
    static final String DEFAULT_FROM_LOCAL_PART = "ne-pas-repondre";

    public record Relay(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    /** A login to the relay; its password is never shown. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return user + ":***";
        }
    }

    /** As {@link WebmailConfiguration} makes it: the first host name and the webmail listener's port. */
    private static String defaultOrigin(Settings settings, String host) {
        int port = WebmailConfiguration.bind(settings).getPort();
        return "https://" + host + (port == 443 ? "" : ":" + (port == 0 ? DEFAULT_WEBMAIL_PORT : port));
    }

    public boolean enabled() {
        return relay.isPresent();
    }

    /** @param hostNames the server's host names ({@code caducee.hostnames}), the first naming the webmail by default */
    public static NoticeSettings from(Settings settings, List<String> hostNames) {
        String origin = settings.optional(Setting.WEBMAIL_ORIGIN).filter(value -> !value.isBlank())
            .orElse(defaultOrigin(settings, hostNames.get(0)));
        if (!origin.matches("https://[^/?#@\\s]+")) {
            throw settings.invalid(Setting.WEBMAIL_ORIGIN, "must be https://host[:port] without a path, was '"
                + origin + "'");
        }
        Optional<Relay> relay = settings.optional(Setting.WEBMAIL_NOTICES_RELAY).filter(value -> !value.isBlank())
            .map(NoticeSettings::relay);
        String tls = settings.text(Setting.WEBMAIL_NOTICES_RELAY_TLS).toLowerCase(Locale.ROOT);
        if (!tls.equals("starttls") && !tls.equals("none")) {
            throw settings.invalid(Setting.WEBMAIL_NOTICES_RELAY_TLS, "must be starttls or none, was '" + tls + "'");
        }
        Optional<Credentials> credentials = settings.secret(Setting.WEBMAIL_NOTICES_RELAY_LOGIN)
            .map(login -> credentials(settings, login));
        if (credentials.isPresent() && tls.equals("none")) {
            throw settings.invalid(Setting.WEBMAIL_NOTICES_RELAY_TLS, "is none while the relay has credentials ("
                + Setting.WEBMAIL_NOTICES_CREDENTIALS + "): the password would cross the network in clear");
        }
        String from = settings.optional(Setting.WEBMAIL_NOTICES_FROM).filter(value -> !value.isBlank())
            .orElse(DEFAULT_FROM_LOCAL_PART + "@" + settings.text(Setting.DEFAULT_DOMAIN));
        try {
            InternetAddress address = new InternetAddress(from, true);
            if (address.getPersonal() != null || !from.contains("@")) {
                throw new AddressException("not a plain address");
            }
        } catch (AddressException e) {
            throw settings.invalid(Setting.WEBMAIL_NOTICES_FROM, "must be a plain address (name@domain), was '"
                + from + "'");
        }
        return new NoticeSettings(relay, tls.equals("starttls"), credentials, from, origin);
    }

    private static Relay relay(String value) {
        int colon = value.lastIndexOf(':');
        return new Relay(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }

    private static Credentials credentials(Settings settings, String login) {
        int colon = login.indexOf(':');
        if (colon <= 0 || colon == login.length() - 1 || login.contains("\n")) {
            throw settings.invalid(Setting.WEBMAIL_NOTICES_CREDENTIALS,
                "names a file that must hold one line, user:password");
        }
        return new Credentials(login.substring(0, colon), login.substring(colon + 1));
    }

    /** What the start-up log says, without the password. */
    String describe() {
        if (relay.isEmpty()) {
            return "off (" + Setting.WEBMAIL_NOTICES_RELAY + " is empty): nothing is written for them, nothing leaves";
        }
        return "through " + relay.get() + (starttls ? " (STARTTLS required)" : " WITHOUT TLS (relayTls=none)")
            + credentials.map(c -> ", as " + c.user()).orElse(", without login") + ", from " + from
            + ", linking to " + origin;
    }
}
