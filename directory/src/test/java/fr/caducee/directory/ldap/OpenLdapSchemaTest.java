package fr.caducee.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFReader;

/** The conversion itself; that slapd accepts the result is {@link SlapdCompatibilityTest}'s job. */
class OpenLdapSchemaTest {

    @Test
    void convertsEveryDefinitionToCnConfigForm() throws Exception {
        Entry config = LDIFReader.decodeEntry(OpenLdapSchema.cnConfigLdif().split("\n"));
        Entry source = CaduceeSchema.entry();

        assertThat(config.getDN()).isEqualTo("cn=caducee,cn=schema,cn=config");
        assertThat(config.getObjectClassValues()).containsExactly("olcSchemaConfig");
        assertThat(config.getAttributeValues("olcAttributeTypes"))
                .hasSize(21)
                .containsExactly(source.getAttributeValues("attributeTypes"));
        assertThat(config.getAttributeValues("olcObjectClasses"))
                .containsExactly(source.getAttributeValues("objectClasses"));
        assertThat(OpenLdapSchema.cnConfigLdif()).doesNotContain("\n ");
    }

    @Test
    void theSchemaFileDefinesTheFourObjectClasses() {
        Schema schema = CaduceeSchema.withStandardSchema();
        for (String objectClass : CaduceeSchema.OBJECT_CLASSES) {
            assertThat(schema.getObjectClass(objectClass)).as(objectClass).isNotNull();
        }
        assertThat(schema.getAttributeType("cadIdNat")).isNotNull();
        assertThat(schema.getAttributeType("mail")).isNotNull();
    }
}
