package fr.caducee.trust.admin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A WebAdmin token: a JSON Web Token (RFC 7519) signed RS256 with the {@link OperatorKey}, carrying what James's
 * WebAdmin asks for ({@code sub}, {@code admin: true}) and an expiry, which the server's AdminTokenFilter requires.
 * Short-lived: a token minted for a command or a script dies with it, nothing long-lived lies around to be stolen.
 * The one long-lived kind, {@link #mintMetrics}, opens nothing but {@code GET /metrics}.
 */
public final class AdminToken {
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(15);
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    /** The claim that narrows a token to one use; {@link #METRICS_SCOPE} is the only scope. */
    public static final String SCOPE_CLAIM = "scope";
    public static final String METRICS_SCOPE = "metrics";
    public static final Duration METRICS_MAX_LIFETIME = Duration.ofDays(400);
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private AdminToken() {
    }

    /**
     * @param subject who the token speaks for, recorded by WebAdmin's request log (letters, digits, {@code ._@-})
     */
    public static String mint(PrivateKey key, String subject, Instant now, Duration lifetime) {
        checkSubject(subject);
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("token lifetime must be between 1 second and " + MAX_LIFETIME.toHours()
                + " hours, not " + lifetime);
        }
        long issued = now.getEpochSecond();
        return sign(key, "{\"sub\":\"" + subject + "\",\"admin\":true,\"iat\":" + issued + ",\"exp\":"
            + (issued + lifetime.toSeconds()) + "}");
    }

    /**
     * A metrics token: read-only, for a Prometheus server that scrapes {@code GET /metrics} with a token from a file.
     * It carries {@code scope: metrics} and no {@code admin} claim, so WebAdmin answers it on that route alone; being
     * worth so little to a thief, it may live up to {@link #METRICS_MAX_LIFETIME} (a yearly renewal with margin).
     */
    public static String mintMetrics(PrivateKey key, String subject, Instant now, Duration lifetime) {
        checkSubject(subject);
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(METRICS_MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("metrics token lifetime must be between 1 second and "
                + METRICS_MAX_LIFETIME.toDays() + " days, not " + lifetime);
        }
        long issued = now.getEpochSecond();
        return sign(key, "{\"sub\":\"" + subject + "\",\"" + SCOPE_CLAIM + "\":\"" + METRICS_SCOPE + "\",\"iat\":"
            + issued + ",\"exp\":" + (issued + lifetime.toSeconds()) + "}");
    }

    private static void checkSubject(String subject) {
        if (!SUBJECT.matcher(subject).matches()) {
            throw new IllegalArgumentException("token subject must be 1 to 64 letters, digits or ._@-: " + subject);
        }
    }

    /** A token of these claims (a JSON object), signed RS256. */
    static String sign(PrivateKey key, String claims) {
        String signed = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + encode(claims);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a WebAdmin token with the operator key: " + e.getMessage(), e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
