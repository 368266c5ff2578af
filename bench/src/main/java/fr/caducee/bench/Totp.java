package fr.caducee.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A patient's authenticator app: the codes of RFC 6238 (TOTP: HMAC-SHA-1 over the number of 30-second steps since
 * the epoch, dynamic truncation of RFC 4226, 6 digits), from the secret the webmail's enrolment page shows in base32.
 */
final class Totp {
    static final int STEP_SECONDS = 30;
    static final int DIGITS = 6;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final byte[] secret;

    Totp(byte[] secret) {
        this.secret = secret.clone();
    }

    /** The secret as the page shows it: RFC 4648 base32, in groups or not, in any case, padded or not. */
    static Totp ofBase32(String text) {
        return new Totp(base32(text));
    }

    /** The step a time falls in. */
    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of a step, zero-padded to {@link #DIGITS} digits. */
    String code(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = (hash[offset] & 0x7f) << 24 | (hash[offset + 1] & 0xff) << 16
                | (hash[offset + 2] & 0xff) << 8 | hash[offset + 3] & 0xff;
            return String.format(Locale.ROOT, "%0" + DIGITS + "d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    /** The secret in base32, unpadded, to be kept in a file between runs. */
    String base32() {
        StringBuilder text = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : secret) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                text.append(BASE32.charAt(buffer >> bits - 5 & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(BASE32.charAt(buffer << 5 - bits & 31));
        }
        return text.toString();
    }

    private static byte[] base32(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == ' ' || c == '\u00a0' || c == '=' || c == '-') {
                continue;
            }
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32: " + c);
            }
            buffer = buffer << 5 | value;
            bits += 5;
            if (bits >= 8) {
                bytes.write(buffer >> bits - 8 & 0xff);
                bits -= 8;
            }
        }
        return bytes.toByteArray();
    }
}
