package fr.caducee.webmail.mail;

import java.nio.charset.StandardCharsets;

/** Paths the pages link to, with the opaque ids of the ports percent-encoded so that none can change a path. */
public final class Links {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Links() {
    }

    public static String conversation(String id) {
        return "/conversations/" + segment(id);
    }

    public static String reply(String id) {
        return conversation(id) + "/reponse";
    }

    public static String attachment(String messageRef, int index) {
        return "/messages/" + segment(messageRef) + "/pieces/" + index;
    }

    public static String document(String id) {
        return "/documents/" + segment(id);
    }

    /** RFC 3986: everything but the unreserved characters percent-encoded, as UTF-8. */
    public static String segment(String value) {
        StringBuilder encoded = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return encoded.toString();
    }
}
