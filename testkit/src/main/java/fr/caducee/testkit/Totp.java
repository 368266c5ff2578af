package fr.caducee.testkit;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;

/**
 * The patient's authenticator app, for the tests and the benchmarks: RFC 6238 time-based codes (HMAC-SHA-1, 30 s steps from the Unix
 * epoch, 6 digits, as authenticator apps compute them) from the base32 secret the enrolment page shows. Written apart
 * from the webmail's own check, so that a test compares two readings of the RFC.
 */
public final class Totp {
    public static final Duration STEP = Duration.ofSeconds(30);
    public static final int DIGITS = 6;

    private final byte[] key;

    private Totp(byte[] key) {
        this.key = key.clone();
    }

    /** From the secret as the enrolment page (or an otpauth:// URI) gives it: base32, any case, spaces allowed. */
    public static Totp fromBase32(String secret) {
        String compact = secret.replaceAll("[\\s-]", "").toUpperCase();
        Base32 base32 = new Base32();
        if (compact.isEmpty() || !base32.isInAlphabet(compact.replace("=", ""))) {
            throw new IllegalArgumentException("not a base32 secret: " + secret);
        }
        return new Totp(base32.decode(compact));
    }

    /**
     * From the URI an enrolment QR code holds ({@code otpauth://totp/Issuer:account?secret=...&issuer=...}, the Key
     * Uri Format authenticator apps read). Parameters other than the defaults (SHA1, 6 digits, 30 s) are refused:
     * several apps ignore them, and would show codes the server refuses.
     */
    public static Totp fromOtpauthUri(String uri) {
        URI parsed = URI.create(uri);
        if (!"otpauth".equals(parsed.getScheme()) || !"totp".equals(parsed.getHost())) {
            throw new IllegalArgumentException("not an otpauth://totp/ URI: " + uri);
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : Objects.requireNonNullElse(parsed.getRawQuery(), "").split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(pair.substring(0, equals),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        expect(parameters, "algorithm", "SHA1", uri);
        expect(parameters, "digits", Integer.toString(DIGITS), uri);
        expect(parameters, "period", Long.toString(STEP.toSeconds()), uri);
        String secret = parameters.get("secret");
        if (secret == null) {
            throw new IllegalArgumentException("no secret in " + uri);
        }
        return fromBase32(secret);
    }

    private static void expect(Map<String, String> parameters, String name, String value, String uri) {
        String given = parameters.getOrDefault(name, value);
        if (!given.equalsIgnoreCase(value)) {
            throw new IllegalArgumentException(name + "=" + given + " in " + uri + ": authenticator apps expect "
                + value);
        }
    }

    /** From the raw key (the RFC's test vectors give it as ASCII). */
    public static Totp fromKey(byte[] key) {
        return new Totp(key);
    }

    /** The code an app shows at {@code instant}. */
    public String code(Instant instant) {
        return code(instant, DIGITS);
    }

    /** The code an app shows now. */
    public String now() {
        return code(Instant.now());
    }

    /** The time step holding {@code instant}: 30-second steps since the Unix epoch. */
    public static long step(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), STEP.toSeconds());
    }

    /** The code an app shows during a time step (a code is accepted once: a second login waits for the next step). */
    public String code(long step) {
        return code(step, DIGITS);
    }

    /** The secret in base32, unpadded: what a client keeps between runs. */
    public String base32() {
        return new Base32().encodeAsString(key).replace("=", "");
    }

    /** RFC 4226's HOTP of the time step holding {@code instant}, on {@code digits} digits. */
    String code(Instant instant, int digits) {
        return code(step(instant), digits);
    }

    private String code(long step, int digits) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
            // Dynamic truncation (RFC 4226, 5.3): four bytes at the offset the last nibble gives, sign bit cleared.
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ByteBuffer.wrap(hash, offset, Integer.BYTES).getInt() & 0x7fffffff;
            int modulus = (int) Math.pow(10, digits);
            return String.format("%0" + digits + "d", binary % modulus);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
