package fr.caducee.trust.whitelist;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The SHA-256 checksum ANS publishes beside the whitelist (file {@code checksum}: 64 hex characters). */
final class Checksums {

    /** The hash first, as in ANS's file; anything after it (a newline, a file name as sha256sum writes) is ignored. */
    private static final Pattern SHA256 = Pattern.compile("\\A\\s*([0-9a-fA-F]{64})(?:\\s.*)?\\z", Pattern.DOTALL);

    private Checksums() {
    }

    /**
     * @return the lower-case hex SHA-256 that {@code published} starts with
     * @throws ChecksumFormatException if it does not start with 64 hex characters
     */
    static String parseSha256(byte[] published, String where) throws ChecksumFormatException {
        String text = new String(published, StandardCharsets.US_ASCII);
        Matcher matcher = SHA256.matcher(text);
        if (!matcher.matches()) {
            String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
            throw new ChecksumFormatException("checksum unavailable, cannot verify the list: " + where
                    + " does not hold a SHA-256 (64 hex characters), it holds '" + shown.strip() + "'");
        }
        return matcher.group(1).toLowerCase(Locale.ROOT);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The published checksum cannot be read as one. */
    static final class ChecksumFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        ChecksumFormatException(String message) {
            super(message);
        }
    }
}
