package fr.caducee.directory.ldap;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.util.StaticUtils;

/**
 * Reading and writing attribute values for the mappers. Reading is strict: an entry someone edited by hand may hold
 * anything, so a missing, repeated or malformed value is an {@link IllegalArgumentException} naming the attribute,
 * which the store reports as an unusable entry.
 */
final class EntryValues {

    private EntryValues() {
    }

    /** The key of an entry: its RDN value for {@code attribute}, else the attribute's single value. */
    static String key(Entry entry, String attribute) {
        return rdnValue(entry, attribute).orElseGet(() -> required(entry, attribute));
    }

    /** The value {@code attribute} has in the entry's RDN; empty when the RDN has no such attribute. */
    static Optional<String> rdnValue(Entry entry, String attribute) {
        RDN rdn;
        try {
            rdn = entry.getRDN();
        } catch (LDAPException e) {
            return Optional.empty();
        }
        if (rdn != null) {
            String[] names = rdn.getAttributeNames();
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(attribute)) {
                    return Optional.of(rdn.getAttributeValues()[i]);
                }
            }
        }
        return Optional.empty();
    }

    static String required(Entry entry, String attribute) {
        return single(entry, attribute).orElseThrow(() -> new IllegalArgumentException(attribute + " is missing"));
    }

    /** The single value, stripped; empty when the attribute is absent or blank. */
    static String optional(Entry entry, String attribute) {
        return single(entry, attribute).orElse("");
    }

    static Optional<String> single(Entry entry, String attribute) {
        String[] values = entry.getAttributeValues(attribute);
        if (values == null || values.length == 0) {
            return Optional.empty();
        }
        if (values.length > 1) {
            throw new IllegalArgumentException(attribute + " has " + values.length + " values, expected one");
        }
        String value = values[0].strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    static List<String> all(Entry entry, String attribute) {
        String[] values = entry.getAttributeValues(attribute);
        return values == null ? List.of() : Arrays.stream(values).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** A Boolean-syntax attribute; absent means false. */
    static boolean bool(Entry entry, String attribute) {
        String value = optional(entry, attribute);
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "", "FALSE" -> false;
            case "TRUE" -> true;
            default -> throw new IllegalArgumentException(attribute + " '" + value + "' is neither TRUE nor FALSE");
        };
    }

    static Instant time(Entry entry, String attribute) {
        return parseTime(attribute, required(entry, attribute));
    }

    static Instant parseTime(String attribute, String value) {
        try {
            return StaticUtils.decodeGeneralizedTime(value).toInstant();
        } catch (ParseException e) {
            throw new IllegalArgumentException(attribute + " '" + value + "' is not a GeneralizedTime");
        }
    }

    /** GeneralizedTime in UTC to the millisecond, the precision the SDK encodes and both servers keep. */
    static String time(Instant instant) {
        return StaticUtils.encodeGeneralizedTime(Date.from(instant));
    }

    static LocalDate date(String attribute, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(attribute + " '" + value + "' is not a date YYYY-MM-DD");
        }
    }

    static String bool(boolean value) {
        return value ? "TRUE" : "FALSE";
    }

    /** Adds the attribute unless the value is empty: optional fields left empty are stored as absent attributes. */
    static void put(Entry entry, String attribute, String value) {
        if (value != null && !value.isEmpty()) {
            entry.addAttribute(attribute, value);
        }
    }

    static void put(Entry entry, String attribute, Collection<String> values) {
        if (!values.isEmpty()) {
            entry.addAttribute(new Attribute(attribute, values));
        }
    }
}
