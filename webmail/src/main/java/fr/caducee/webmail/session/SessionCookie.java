package fr.caducee.webmail.session;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Optional;

/**
 * The one cookie of the webmail, {@code __Host-webmail}: 256 random bits, base64url. The {@code __Host-} prefix makes
 * browsers take it only over HTTPS, for this host alone and the whole path (no subdomain can set or read it);
 * {@code HttpOnly} and {@code SameSite=Strict} keep it from scripts and from requests other sites start. No
 * {@code Max-Age}: it ends with the browser, and the server ends it sooner (timeouts, logout).
 */
public final class SessionCookie {
    public static final String NAME = "__Host-webmail";
    private static final String ATTRIBUTES = "; Path=/; Secure; HttpOnly; SameSite=Strict";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionCookie() {
    }

    /** A new cookie value. */
    public static String newValue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The cookie's value in the request's Cookie headers, when there is one of the right form. */
    public static Optional<String> from(Enumeration<String> cookieHeaders) {
        while (cookieHeaders != null && cookieHeaders.hasMoreElements()) {
            for (String cookie : cookieHeaders.nextElement().split(";")) {
                String pair = cookie.strip();
                if (pair.startsWith(NAME + "=")) {
                    String value = pair.substring(NAME.length() + 1);
                    return value.matches("[A-Za-z0-9_-]{43}") ? Optional.of(value) : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The Set-Cookie header value that gives the browser this cookie. */
    public static String set(String value) {
        return NAME + "=" + value + ATTRIBUTES;
    }

    /** The Set-Cookie header value that makes the browser forget it. */
    public static String clear() {
        return NAME + "=" + ATTRIBUTES + "; Max-Age=0";
    }
}
