package fr.caducee.ldapengine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;

/**
 * The tree the engine's tests hold: shaped like the mail server's directory (a fixture copy of its schema in
 * test-schema.ldif, its indexes, its four containers), so that the engine is tested on the data it carries.
 */
public final class TestTree {

    public static final String PROFESSIONALS = "professionals";
    public static final String STRUCTURES = "structures";
    public static final String BOXES = "boxes";
    public static final String PATIENTS = "patients";
    public static final TreeDefinition DEFINITION = new TreeDefinition(schema(),
        Set.of("cadIdNat", "mail", "cadMember", "cadIns", "cadStructureId", "cadResponsible"),
        List.of(PROFESSIONALS, STRUCTURES, BOXES, PATIENTS));

    private TestTree() {
    }

    private static Schema schema() {
        try (InputStream in = TestTree.class.getResourceAsStream("test-schema.ldif");
             LDIFReader reader = new LDIFReader(in)) {
            return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), new Schema(reader.readEntry()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LDIFException | LDAPException e) {
            throw new IllegalStateException(e);
        }
    }
}
