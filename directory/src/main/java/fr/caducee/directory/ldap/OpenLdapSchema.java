package fr.caducee.directory.ldap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldif.LDIFWriter;

/**
 * Our schema in OpenLDAP's cn=config form, for operators who run an external slapd: load it with
 * {@code ldapadd -Y EXTERNAL -H ldapi:/// -f caducee.ldif} (or {@code slapadd -n0}) after core, cosine and
 * inetorgperson. {@code scripts/directory schema} prints it.
 */
public final class OpenLdapSchema {

    /** The schema entry's DN under cn=config; slapd prefixes the name with its load index ({@code {4}caducee}). */
    public static final String DN = "cn=caducee,cn=schema,cn=config";

    private OpenLdapSchema() {
    }

    /** Our schema as one cn=config LDIF entry. */
    public static String cnConfigLdif() {
        return toCnConfig(CaduceeSchema.entry());
    }

    /** Converts an RFC 4512 subschema entry (attributeTypes, objectClasses) to an olcSchemaConfig entry. */
    public static String toCnConfig(Entry subschema) {
        Entry config = new Entry(DN);
        config.addAttribute("objectClass", "olcSchemaConfig");
        config.addAttribute("cn", "caducee");
        copy(subschema, "attributeTypes", config, "olcAttributeTypes");
        copy(subschema, "objectClasses", config, "olcObjectClasses");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LDIFWriter writer = new LDIFWriter(out)) {
            // No wrapping: definitions stay one per line, easier to read and to diff.
            writer.setWrapColumn(0);
            writer.writeEntry(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void copy(Entry from, String name, Entry to, String as) {
        Attribute attribute = from.getAttribute(name);
        if (attribute == null || attribute.size() == 0) {
            throw new IllegalArgumentException("The schema entry has no " + name);
        }
        to.addAttribute(as, attribute.getValues());
    }

    /** Prints the cn=config entry on standard output. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(cnConfigLdif());
    }
}
