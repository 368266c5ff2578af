package fr.caducee.identity.smime;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import javax.mail.internet.MimeUtility;

/**
 * What the check of an incoming S/MIME signature found ({@link SignatureVerifier}).
 *
 * @param status what the reader is told
 * @param signer the signer's certificate subject (RFC 2253), empty when the signature names no certificate it carries
 * @param email  the address the signer's certificate names (rfc822Name, else the subject's emailAddress)
 * @param reason why it is not valid, a sentence; empty when valid
 */
public record SignatureResult(Status status, String signer, Optional<String> email, String reason) {
    /** The header the server writes on a signed message it delivers; any copy from outside is removed first. */
    public static final String HEADER = "X-Caducee-Signature";

    public enum Status {
        /** The signature verifies and its signer chains to the trust anchors, valid now and not revoked. */
        VALID,
        /** The signature does not verify: the message was altered after it was signed, or the signature is unreadable. */
        INVALID,
        /** The signature verifies but its signer does not chain to the anchors, is expired, revoked, or not for mail. */
        UNTRUSTED
    }

    public static SignatureResult valid(String signer, Optional<String> email) {
        return new SignatureResult(Status.VALID, signer, email, "");
    }

    public static SignatureResult invalid(String signer, Optional<String> email, String reason) {
        return new SignatureResult(Status.INVALID, signer, email, reason);
    }

    public static SignatureResult untrusted(String signer, Optional<String> email, String reason) {
        return new SignatureResult(Status.UNTRUSTED, signer, email, reason);
    }

    /**
     * The header's value: the status, then {@code signer="..."}, {@code email="..."} and {@code reason="..."} when
     * known, e.g. {@code valid; signer="CN=Dr Martin,O=CH Exemple,C=FR"; email="dr.martin@chu.fr"}. A value with other
     * than ASCII is written as RFC 2047 encoded words.
     */
    public String headerValue() {
        StringBuilder value = new StringBuilder(status.name().toLowerCase(java.util.Locale.ROOT));
        if (!signer.isEmpty()) {
            value.append("; signer=").append(quoted(signer));
        }
        email.ifPresent(address -> value.append("; email=").append(quoted(address)));
        if (!reason.isEmpty()) {
            value.append("; reason=").append(quoted(reason));
        }
        String text = value.toString();
        if (StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            return MimeUtility.fold(HEADER.length() + 2, text);
        }
        try {
            return MimeUtility.fold(HEADER.length() + 2, MimeUtility.encodeText(text, "UTF-8", "Q"));
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is part of every Java runtime", e);
        }
    }

    /** A quoted string (RFC 5322): quotes and backslashes escaped, line breaks and controls dropped. */
    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                quoted.append('\\').appendCodePoint(c);
            } else if (c >= 0x20 && c != 0x7f) {
                quoted.appendCodePoint(c);
            } else {
                quoted.append(' ');
            }
        });
        return quoted.append('"').toString();
    }
}
