package fr.caducee.directory.ldap;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * userPassword values in OpenLDAP's pw-pbkdf2 format, so an external slapd (with {@code moduleload pw-pbkdf2}) can
 * verify the hashes we write: {@code {PBKDF2-SHA512}<iterations>$<salt>$<hash>}, PBKDF2-HMAC-SHA512 over the
 * UTF-8 password, 16-byte salt, 64-byte hash, both in "adapted base64" (standard alphabet with '.' for '+', no
 * padding). slapd refuses any other salt length, so {@link #hash} always uses 16 bytes.
 */
public final class Pbkdf2Password {

    public static final String SCHEME = "{PBKDF2-SHA512}";
    /** OWASP's current minimum for PBKDF2-HMAC-SHA512. */
    public static final int DEFAULT_ITERATIONS = 210_000;

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 64;
    private static final String HMAC = "HmacSHA512";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Pbkdf2Password() {
    }

    public static String hash(String password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    public static String hash(String password, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, iterations);
        return SCHEME + iterations + "$" + adaptedBase64(salt) + "$" + adaptedBase64(hash);
    }

    /** True when {@code stored} is a {PBKDF2-SHA512} value of {@code password}; false for any other or bad value. */
    public static boolean verify(String password, String stored) {
        if (stored == null || !stored.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        String[] parts = stored.substring(SCHEME.length()).split("\\$", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[0]);
            byte[] salt = fromAdaptedBase64(parts[1]);
            byte[] expected = fromAdaptedBase64(parts[2]);
            if (iterations < 1 || salt.length == 0 || expected.length != HASH_BYTES) {
                return false;
            }
            return MessageDigest.isEqual(expected, derive(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** RFC 8018 PBKDF2 with HMAC-SHA512; one block, since the derived key is exactly one HMAC output long. */
    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            // SecretKeySpec refuses an empty key; HMAC pads keys with zeros, so one zero byte is the same key.
            byte[] key = password.getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, HMAC));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is not available", e);
        }
    }

    private static String adaptedBase64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes).replace('+', '.');
    }

    private static byte[] fromAdaptedBase64(String text) {
        // slapd's encoder leaves a leading '+' unconverted, so both spellings are accepted.
        return Base64.getDecoder().decode(text.replace('.', '+'));
    }
}
