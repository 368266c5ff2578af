package fr.caducee.rules.transport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import fr.caducee.rules.Rule;

/**
 * The SASL client responses IMAP and SMTP read themselves, before asking {@link SaslLogins} or handing the login to
 * James: PLAIN (to find a delegated login, {@code box*member}), EXTERNAL's authorisation identity, and the error
 * challenge OAUTHBEARER ends a failure with (RFC 7628 3.2.2). Tokens are parsed by {@link SaslLogins} itself.
 */
public final class SaslResponses {
    public static final String PLAIN = "PLAIN";
    public static final String LOGIN = "LOGIN";
    public static final String OAUTHBEARER = "OAUTHBEARER";
    public static final String XOAUTH2 = "XOAUTH2";
    public static final String EXTERNAL = "EXTERNAL";

    private SaslResponses() {
    }

    /** A PLAIN response (RFC 4616): {@code [authzid] NUL authcid NUL passwd}. */
    public record Plain(String authorizationId, String login, String password) {
        /** Whether the login names a box and its member ({@link SaslLogins#DELEGATION_SEPARATOR}). */
        public boolean delegated() {
            return login.contains(SaslLogins.DELEGATION_SEPARATOR);
        }
    }

    /** Empty when the response is not base64 of exactly three fields with a login. */
    public static Optional<Plain> plain(String response) {
        return decode(response).flatMap(text -> {
            String[] fields = text.split("\0", -1);
            if (fields.length != 3 || fields[1].isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Plain(fields[0], fields[1], fields[2]));
        });
    }

    /**
     * EXTERNAL's response (RFC 4422 appendix A): empty (an empty line, or {@code =} as an initial response) when the
     * client names no authorisation identity, else its base64. Read only when {@link #readableExternal} says so.
     */
    public static Optional<String> externalAuthorizationId(String response) {
        String trimmed = response.strip();
        if (trimmed.isEmpty() || trimmed.equals("=")) {
            return Optional.empty();
        }
        return decode(trimmed).filter(id -> !id.isEmpty());
    }

    /** Whether an EXTERNAL response is empty or base64; else the protocols answer it as a syntax error. */
    public static boolean readableExternal(String response) {
        String trimmed = response.strip();
        return trimmed.isEmpty() || trimmed.equals("=") || decode(trimmed).isPresent();
    }

    /**
     * The error challenge (base64 JSON) OAUTHBEARER sends before failing (RFC 7628 3.2.2, statuses of RFC 6750): a
     * token the professional may not open that box with is {@code insufficient_scope}, any other refusal
     * {@code invalid_token}. The client answers it with {@code %x01}, then gets the failure.
     */
    public static String errorChallenge(Rule rule) {
        String status = rule == Rule.LOGIN_NO_BOX ? "insufficient_scope" : "invalid_token";
        return Base64.getEncoder().encodeToString(("{\"status\":\"" + status + "\"}")
            .getBytes(StandardCharsets.US_ASCII));
    }

    /** Base64 to text, for logins and identities; empty when it is not base64. */
    public static Optional<String> decode(String base64) {
        if (base64 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
