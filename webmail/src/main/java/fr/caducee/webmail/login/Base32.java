package fr.caducee.webmail.login;

/**
 * RFC 4648 base32 without padding, the form authenticator apps take a TOTP secret in ({@code otpauth://} URIs and
 * manual entry): only letters A-Z and digits 2-7, so a person can type it.
 */
final class Base32 {
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Base32() {
    }

    static String encode(byte[] bytes) {
        StringBuilder text = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                text.append(ALPHABET[(buffer >>> (bits - 5)) & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
        }
        return text.toString();
    }

    /** In groups of four, as a person copies it into an app: {@code ABCD EFGH ...}. */
    static String grouped(byte[] bytes) {
        String text = encode(bytes);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < text.length(); i += 4) {
            if (i > 0) {
                grouped.append(' ');
            }
            grouped.append(text, i, Math.min(text.length(), i + 4));
        }
        return grouped.toString();
    }
}
