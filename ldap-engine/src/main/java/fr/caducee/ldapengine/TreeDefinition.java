package fr.caducee.ldapengine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.schema.Schema;

/**
 * What the engine is told about the tree it holds, the only thing it knows of its users' data: the schema entries
 * must follow, the attributes looked up by equality (indexed in memory), and the containers created under the base
 * entry at start when absent.
 *
 * @param schema     enforced on every write
 * @param indexed    attribute names whose equality filters are answered from an index
 * @param containers names of the {@code ou=<name>} entries under the base
 */
public record TreeDefinition(Schema schema, Set<String> indexed, List<String> containers) {

    /** Object classes for the usual kinds of base entry, by naming attribute. */
    private static final Map<String, String> BASE_CLASSES = Map.of(
            "o", "organization", "ou", "organizationalUnit", "dc", "domain");

    public TreeDefinition {
        Objects.requireNonNull(schema, "schema");
        indexed = indexed.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        containers = List.copyOf(containers);
    }

    /** The DN of a container under {@code baseDn}. */
    public static String container(String baseDn, String name) {
        return "ou=" + name + "," + baseDn;
    }

    /** The base entry, then the containers: parents first, ready to add in order. */
    public List<Entry> skeleton(String baseDn) {
        return skeleton(baseDn, containers);
    }

    /** The base entry, then {@code containers}: parents first, ready to add in order. */
    public static List<Entry> skeleton(String baseDn, List<String> containers) {
        Entry base = baseEntry(baseDn);
        List<Entry> made = containers.stream()
                .map(name -> new Entry(container(baseDn, name), List.of(
                        new Attribute("objectClass", "top", "organizationalUnit"),
                        new Attribute("ou", name))))
                .toList();
        return Stream.concat(Stream.of(base), made.stream()).toList();
    }

    private static Entry baseEntry(String baseDn) {
        RDN rdn;
        try {
            rdn = new DN(baseDn).getRDN();
        } catch (LDAPException e) {
            throw new IllegalArgumentException("Invalid base DN '" + baseDn + "': " + e.getMessage(), e);
        }
        if (rdn == null || rdn.isMultiValued()) {
            throw new IllegalArgumentException("Unsupported base DN '" + baseDn + "'");
        }
        String attribute = rdn.getAttributeNames()[0];
        String objectClass = BASE_CLASSES.get(attribute.toLowerCase(Locale.ROOT));
        if (objectClass == null) {
            throw new IllegalArgumentException("Base DN '" + baseDn + "' must be named by o, ou or dc");
        }
        Entry entry = new Entry(baseDn);
        entry.addAttribute("objectClass", "top", objectClass);
        entry.addAttribute(attribute, rdn.getAttributeValues()[0]);
        return entry;
    }
}
