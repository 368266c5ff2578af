package fr.caducee.webmail.record;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The personal address a patient gives for notices: a plain address, {@code local@domain.tld}, as people have them
 * (RFC 5321's dot-atom local part, a domain name of letters, digits and hyphens); nothing a mail header could be
 * bent with (no space, no quote, no comment, no second address).
 */
final class NotifyAddress {
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern TOP = Pattern.compile("[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}");

    private NotifyAddress() {
    }

    /** The address, its domain in lower case; empty when it is not one. */
    static Optional<String> parse(String typed) {
        String address = typed.strip();
        int at = address.lastIndexOf('@');
        if (address.length() > 254 || at < 1 || at > 64 || !LOCAL.matcher(address.substring(0, at)).matches()) {
            return Optional.empty();
        }
        String[] labels = address.substring(at + 1).split("\\.", -1);
        if (labels.length < 2 || !TOP.matcher(labels[labels.length - 1]).matches()) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(address.substring(0, at) + "@" + address.substring(at + 1).toLowerCase(Locale.ROOT));
    }
}
