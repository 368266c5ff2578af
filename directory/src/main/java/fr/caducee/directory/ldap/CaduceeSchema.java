package fr.caducee.directory.ldap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;

import fr.caducee.ldapengine.TreeDefinition;

/**
 * Our LDAP schema ({@code caducee-schema.ldif}, an RFC 4512 subschema entry) and the object classes the directory
 * stores. The embedded server enforces it merged with the standard schema, which defines the attributes we reuse
 * (sn, givenName, mail, userPassword, o, street, postalCode, l, st, c, description).
 */
public final class CaduceeSchema {

    public static final String PROFESSIONAL = "cadProfessional";
    public static final String STRUCTURE = "cadStructure";
    public static final String BOX = "cadBox";
    public static final String PATIENT = "cadPatient";
    public static final List<String> OBJECT_CLASSES = List.of(PROFESSIONAL, STRUCTURE, BOX, PATIENT);

    /** The attributes the store looks records up by: the embedded engine indexes them. */
    public static final Set<String> INDEXED = Set.of("cadIdNat", "mail", "cadMember", "cadIns", "cadStructureId",
            "cadResponsible", "cadRepresentative");

    private static final String RESOURCE = "caducee-schema.ldif";

    private CaduceeSchema() {
    }

    /** The subschema entry as written in the resource file. */
    public static Entry entry() {
        try (InputStream in = open(); LDIFReader reader = new LDIFReader(in)) {
            Entry entry = reader.readEntry();
            if (entry == null) {
                throw new IllegalStateException(RESOURCE + " holds no entry");
            }
            return entry;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        } catch (LDIFException e) {
            throw new IllegalStateException(RESOURCE + " is not valid LDIF: " + e.getMessage(), e);
        }
    }

    /** The standard schema with our attribute types and object classes added: what the embedded server enforces. */
    public static Schema withStandardSchema() {
        try {
            Schema merged = Schema.mergeSchemas(Schema.getDefaultStandardSchema(), new Schema(entry()));
            for (String objectClass : OBJECT_CLASSES) {
                if (merged.getObjectClass(objectClass) == null) {
                    throw new IllegalStateException(RESOURCE + " does not define object class " + objectClass);
                }
            }
            return merged;
        } catch (LDAPException e) {
            throw new IllegalStateException("Cannot load the standard LDAP schema: " + e.getMessage(), e);
        }
    }

    /** What the embedded LDAP engine is told of our tree: this schema, our indexes and our four containers. */
    public static TreeDefinition tree() {
        return new TreeDefinition(withStandardSchema(), INDEXED, DirectorySkeleton.CONTAINERS);
    }

    private static InputStream open() {
        InputStream in = CaduceeSchema.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the classpath");
        }
        return in;
    }
}
