package fr.caducee.directory.ldap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;

/**
 * The fixed part of the tree: the base entry and one container per kind of record, the same in the embedded server
 * and in an external OpenLDAP. Records sit directly under their container: {@code cadIdNat=} professionals,
 * {@code cadStructureId=} structures, {@code mail=} boxes, {@code cadIns=} patients.
 */
public final class DirectorySkeleton {

    public static final String PROFESSIONALS = "professionals";
    public static final String STRUCTURES = "structures";
    public static final String BOXES = "boxes";
    public static final String PATIENTS = "patients";
    public static final List<String> CONTAINERS = List.of(PROFESSIONALS, STRUCTURES, BOXES, PATIENTS);

    /** Object classes for the usual kinds of base entry, by naming attribute. */
    private static final Map<String, String> BASE_CLASSES = Map.of(
            "o", "organization", "ou", "organizationalUnit", "dc", "domain");

    private DirectorySkeleton() {
    }

    /** The DN of a container ({@link #BOXES}, ...) under {@code baseDn}. */
    public static String container(String baseDn, String name) {
        return "ou=" + name + "," + baseDn;
    }

    /** The base entry, then the four containers: parents first, ready to add in order. */
    public static List<Entry> skeleton(String baseDn) {
        Entry base = baseEntry(baseDn);
        List<Entry> containers = CONTAINERS.stream()
                .map(name -> new Entry(container(baseDn, name), List.of(
                        new Attribute("objectClass", "top", "organizationalUnit"),
                        new Attribute("ou", name))))
                .toList();
        return Stream.concat(Stream.of(base), containers.stream()).toList();
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
