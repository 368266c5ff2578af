package fr.caducee.domain.importing;

import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;

import fr.caducee.domain.identifier.InvalidIdentifierException;

/**
 * Reads the attributes of one LDIF entry, collecting every problem (missing, repeated where the schema allows one
 * value, unparsable) so that the rejection names all of them at once.
 */
final class EntryFields {

    private final Entry entry;
    private final List<String> problems = new ArrayList<>(2);

    EntryFields(Entry entry) {
        this.entry = entry;
    }

    /** The single value of an attribute; null when absent (a problem if required) or repeated. */
    String text(String name, boolean required) {
        Attribute attribute = entry.getAttribute(name);
        if (attribute == null || attribute.size() == 0) {
            if (required) {
                problems.add(name + " is missing");
            }
            return null;
        }
        if (attribute.size() > 1) {
            problems.add(name + " has " + attribute.size() + " values, expected one");
            return null;
        }
        return attribute.getValue();
    }

    /** The single value parsed; null when absent, repeated or invalid (each a problem, absence if required). */
    <T> T parsed(String name, boolean required, Function<String, T> parser) {
        String raw = text(name, required);
        return raw == null ? null : parse(name, raw, parser);
    }

    /** Every value parsed; the invalid ones are problems. */
    <T> Set<T> all(String name, Function<String, T> parser) {
        Set<T> values = new LinkedHashSet<>();
        String[] raws = entry.getAttributeValues(name);
        if (raws != null) {
            for (String raw : raws) {
                T value = parse(name, raw, parser);
                if (value != null) {
                    values.add(value);
                }
            }
        }
        return values;
    }

    void problem(String problem) {
        problems.add(problem);
    }

    /** Rejects the entry if anything was wrong, naming the line, the entry and every problem. */
    void check(long line) throws RejectedLineException {
        if (!problems.isEmpty()) {
            throw rejected(line, entry, String.join("; ", problems));
        }
    }

    static RejectedLineException rejected(long line, Entry entry, String problem) {
        return new RejectedLineException("line " + line + " (" + entry.getDN() + "): " + problem);
    }

    private <T> T parse(String name, String raw, Function<String, T> parser) {
        try {
            return parser.apply(raw);
        } catch (InvalidIdentifierException e) {
            problems.add(Values.invalid(name, raw, e));
        } catch (IllegalArgumentException | DateTimeException e) {
            problems.add(name + " " + Values.quote(raw) + " is invalid: " + e.getMessage());
        }
        return null;
    }
}
