package fr.caducee.server.webmail;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.apache.james.util.DurationParser;
import org.apache.james.util.Size;

import fr.caducee.server.ServerLayout;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.webmail.WebmailSettings;

/**
 * The webmail's {@code caducee.webmail.*} settings, checked at start: a wrong value stops it with a sentence naming
 * the key. Durations are written as James writes them ({@code 15 minutes}, {@code 12h}; a bare number is seconds),
 * sizes too ({@code 10M}).
 *
 * @param bind     where its HTTPS listener listens
 * @param settings what the webmail itself is built with
 */
public record WebmailConfiguration(InetSocketAddress bind, WebmailSettings settings) {
    /** The name authenticator apps show next to the patient's codes. */
    static final String ISSUER = "Caducée";
    private static final int HTTPS_PORT = 443;

    public static WebmailConfiguration from(Settings settings) {
        InetSocketAddress bind = bind(settings);
        String origin = origin(settings, bind);
        Duration idle = positive(settings, Setting.WEBMAIL_SESSION_IDLE);
        Duration max = positive(settings, Setting.WEBMAIL_SESSION_MAX);
        if (max.compareTo(idle) < 0) {
            throw settings.invalid(Setting.WEBMAIL_SESSION_MAX, "must be at least " + Setting.WEBMAIL_SESSION_IDLE
                + " (" + idle + "), was " + max);
        }
        long uploadLimit = size(settings, Setting.WEBMAIL_UPLOAD_LIMIT);
        int attempts = (int) settings.number(Setting.WEBMAIL_LOCKOUT_ATTEMPTS, 1, 1000);
        Duration first = positive(settings, Setting.WEBMAIL_LOCKOUT_FIRST);
        Duration longest = positive(settings, Setting.WEBMAIL_LOCKOUT_MAX);
        if (longest.compareTo(first) < 0) {
            throw settings.invalid(Setting.WEBMAIL_LOCKOUT_MAX, "must be at least " + Setting.WEBMAIL_LOCKOUT_FIRST
                + " (" + first + "), was " + longest);
        }
        return new WebmailConfiguration(bind,
            new WebmailSettings(origin, ISSUER, idle, max, uploadLimit, attempts, first, longest));
    }

    static InetSocketAddress bind(Settings settings) {
        String value = settings.text(Setting.WEBMAIL_BIND);
        int colon = value.lastIndexOf(':');
        return new InetSocketAddress(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
    }

    /** As set, else {@code https://<the first host name>[:port]}, the name the server's certificate is made for. */
    private static String origin(Settings settings, InetSocketAddress bind) {
        String given = settings.text(Setting.WEBMAIL_ORIGIN).strip();
        if (given.isEmpty()) {
            if (bind.getPort() == 0) {
                throw settings.invalid(Setting.WEBMAIL_ORIGIN, "must be set when " + Setting.WEBMAIL_BIND
                    + " asks for any free port (0): forms are accepted only from the origin patients reach");
            }
            String host = ServerLayout.from(settings).hostNames().get(0);
            return "https://" + host + (bind.getPort() == HTTPS_PORT ? "" : ":" + bind.getPort());
        }
        if (!given.matches("https://[^/?#@\\s]+")) {
            throw settings.invalid(Setting.WEBMAIL_ORIGIN, "must be https://host or https://host:port as patients "
                + "type it, without a path or a final slash, was '" + given + "'");
        }
        return given;
    }

    private static Duration positive(Settings settings, Setting setting) {
        String value = settings.text(setting);
        Duration duration;
        try {
            duration = DurationParser.parse(value, ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw settings.invalid(setting, "must be a duration such as 90 s, 15 minutes or 12 hours, was '"
                + value + "'");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw settings.invalid(setting, "must be longer than zero, was '" + value + "'");
        }
        return duration;
    }

    private static long size(Settings settings, Setting setting) {
        String value = settings.text(setting);
        long bytes;
        try {
            bytes = Size.parse(value).asBytes();
        } catch (IllegalArgumentException e) {
            throw settings.invalid(setting, "must be a size such as 512K or 10M, was '" + value + "'");
        }
        if (bytes <= 0) {
            throw settings.invalid(setting, "must be more than zero bytes, was '" + value + "'");
        }
        return bytes;
    }
}
