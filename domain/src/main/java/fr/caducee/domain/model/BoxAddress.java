package fr.caducee.domain.model;

import java.net.IDN;
import java.util.Locale;

import fr.caducee.domain.identifier.InvalidIdentifierException;

/**
 * The address of a secure mailbox (adresse de BAL), validated and normalised.
 *
 * <p>Normalisation: the whole address is lower-cased. RFC 5321 lets a server treat local parts as case-sensitive,
 * but trust-space addresses are lower-case in practice and the directory matches them without regard to case, so
 * one canonical form is what every lookup and comparison uses. An internationalised domain is converted to its
 * ASCII (punycode) form, the one SMTP carries without SMTPUTF8; whitelist entries must be compared in that form
 * too. {@link IDN} implements IDNA 2003, so a few characters are mapped rather than kept ({@code ß} becomes
 * {@code ss}). Surrounding blanks are ignored.
 *
 * <p>Refused, because they are ambiguous or serve to relay mail somewhere other than the named box: quoted local
 * parts and backslash escapes, source routes ({@code @relay:user@domain}), {@code %} (percent hack) and {@code !}
 * (bang path) in the local part, IP-literal domains ({@code user@[192.0.2.1]}) and all-numeric top labels, blanks
 * and control characters, non-ASCII local parts, and anything over 254 characters (64 for the local part).
 *
 * @param address the canonical form
 */
public record BoxAddress(String address) {

    static final int MAX_LENGTH = 254;
    static final int MAX_LOCAL_LENGTH = 64;
    private static final String KIND = "box address";
    // RFC 5322 atext without '%' and '!', which are refused with their own message.
    private static final String LOCAL_SPECIALS = "#$&'*+-/=?^_`{|}~";

    public BoxAddress {
        address = normalise(address);
    }

    /** Validates and normalises an address. */
    public static BoxAddress parse(String value) {
        return new BoxAddress(value);
    }

    /** The part before the {@code @}. */
    public String localPart() {
        return address.substring(0, address.indexOf('@'));
    }

    /** The domain, in ASCII form. */
    public String domain() {
        return address.substring(address.indexOf('@') + 1);
    }

    @Override
    public String toString() {
        return address;
    }

    private static String normalise(String value) {
        if (value == null) {
            throw invalid(null, "is missing");
        }
        String s = value.strip();
        if (s.isEmpty()) {
            throw invalid(value, "is empty");
        }
        if (s.length() > MAX_LENGTH) {
            throw invalid(value, "is " + s.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        // Quoting is checked first: it is what lets a local part hold blanks, so it is the real fault.
        if (s.indexOf('"') >= 0) {
            throw invalid(value, "quoted local parts are not accepted");
        }
        if (s.indexOf('\\') >= 0) {
            throw invalid(value, "backslash escapes are not accepted");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                throw invalid(value, "contains a control character at position " + (i + 1));
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw invalid(value, "contains a space at position " + (i + 1));
            }
        }
        if (s.startsWith("@") && s.indexOf(':') > 0) {
            throw invalid(value, "source routes (@relay,...:user@domain) are not accepted");
        }
        int at = s.indexOf('@');
        if (at < 0) {
            throw invalid(value, "has no @ between local part and domain");
        }
        if (s.indexOf('@', at + 1) >= 0) {
            throw invalid(value, "contains more than one @");
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (local.isEmpty()) {
            throw invalid(value, "local part (before the @) is empty");
        }
        if (domain.isEmpty()) {
            throw invalid(value, "domain (after the @) is empty");
        }
        checkLocalPart(value, local);
        String asciiDomain = toAsciiDomain(value, domain);
        String result = local.toLowerCase(Locale.ROOT) + "@" + asciiDomain;
        if (result.length() > MAX_LENGTH) {
            throw invalid(value, "is " + result.length() + " characters long once the domain is in ASCII form;"
                    + " the limit is " + MAX_LENGTH);
        }
        return result;
    }

    private static void checkLocalPart(String value, String local) {
        if (local.indexOf('%') >= 0) {
            throw invalid(value, "'%' in the local part is refused (it would relay the mail to another host)");
        }
        if (local.indexOf('!') >= 0) {
            throw invalid(value, "'!' in the local part is refused (bang-path relaying)");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c > 0x7F) {
                throw invalid(value, "local part must be ASCII, found '" + c + "' at position " + (i + 1));
            }
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || LOCAL_SPECIALS.indexOf(c) >= 0;
            if (!allowed) {
                throw invalid(value, "character '" + c + "' is not allowed in the local part");
            }
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw invalid(value, "local part must not start or end with a dot, nor contain two dots in a row");
        }
        if (local.length() > MAX_LOCAL_LENGTH) {
            throw invalid(value, "local part is " + local.length() + " characters long; the limit is "
                    + MAX_LOCAL_LENGTH);
        }
    }

    private static String toAsciiDomain(String value, String domain) {
        if (domain.startsWith("[")) {
            throw invalid(value, "IP-literal domains ([...]) are not accepted");
        }
        if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            throw invalid(value, "domain must not start or end with a dot, nor contain an empty label");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(domain.toLowerCase(Locale.ROOT), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid(value, "domain " + domain + " is not a valid host name (" + e.getMessage() + ")");
        }
        // IDN maps ideographic and full-width dots to '.', so the labels are checked again on the result.
        String[] labels = ascii.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                throw invalid(value, "domain must not start or end with a dot, nor contain an empty label");
            }
        }
        if (labels.length < 2) {
            throw invalid(value, "domain " + ascii + " must have at least two labels (name and top-level domain)");
        }
        if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(value, "domain " + ascii + " looks like an IP address; IP addresses are not accepted");
        }
        return ascii;
    }

    private static InvalidIdentifierException invalid(String value, String problem) {
        return new InvalidIdentifierException(KIND, value, problem);
    }
}
