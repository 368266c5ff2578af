package fr.caducee.ldapengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;

class EmbeddedLdapServerTest {

    private static final String BASE = "o=caducee";
    private static final String ADMIN = "cn=admin,o=caducee";
    private static final String SECRET = "admin-secret";

    @TempDir
    Path data;

    private EmbeddedLdapServer server;

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private EmbeddedLdapServer start() throws Exception {
        if (server != null) {
            server.close();
        }
        server = EmbeddedLdapServer.start(TestTree.DEFINITION, EmbeddedLdapConfig.defaults(data).withListener("127.0.0.1", 0)
                .withAdmin(ADMIN, SECRET));
        return server;
    }

    private LDAPConnection adminConnection() throws LDAPException {
        return new LDAPConnection("127.0.0.1", server.port(), ADMIN, SECRET);
    }

    @Test
    void loadsOurObjectClassesBesideTheStandardSchema() throws Exception {
        LDAPInterface directory = start().directory();

        ObjectClassDefinition box = directory.getSchema().getObjectClass("cadBox");
        assertThat(box).isNotNull();
        assertThat(box.getRequiredAttributes()).contains("mail", "cadBoxType", "cadStatus", "cadCreated");
        assertThat(directory.getSchema().getObjectClass("cadProfessional").getRequiredAttributes())
                .contains("cadIdNat", "sn");
        assertThat(directory.getSchema().getObjectClass("inetOrgPerson")).isNotNull();
    }

    @Test
    void createsTheBaseAndTheFourContainersOnce() throws Exception {
        start();
        assertThat(server.directory().search(BASE, SearchScope.ONE, "(objectClass=organizationalUnit)").getEntryCount())
                .isEqualTo(4);
        assertThat(server.directory().getEntry(TreeDefinition.container(BASE, TestTree.BOXES))).isNotNull();

        start();
        assertThat(server.entryCount()).isEqualTo(5);
    }

    @Test
    void refusesEntriesThatBreakTheSchemaInProcessAndOverTheListener() throws Exception {
        LDAPInterface directory = start().directory();
        Entry missingStatus = TestEntries.box(BASE, 1);
        missingStatus.removeAttribute("cadStatus");
        Entry unknownAttribute = TestEntries.box(BASE, 2);
        unknownAttribute.addAttribute("cadColour", "blue");
        Entry badBoolean = TestEntries.box(BASE, 3);
        badBoolean.setAttribute("cadListeRouge", "maybe");

        assertThatThrownBy(() -> directory.add(missingStatus)).isInstanceOfSatisfying(LDAPException.class,
                e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.OBJECT_CLASS_VIOLATION));
        assertThatThrownBy(() -> directory.add(unknownAttribute)).isInstanceOfSatisfying(LDAPException.class,
                e -> assertThat(e.getResultCode()).isIn(ResultCode.UNDEFINED_ATTRIBUTE_TYPE,
                        ResultCode.OBJECT_CLASS_VIOLATION));
        assertThatThrownBy(() -> directory.add(badBoolean)).isInstanceOfSatisfying(LDAPException.class,
                e -> assertThat(e.getDiagnosticMessage()).contains("cadListeRouge"));
        try (LDAPConnection connection = adminConnection()) {
            assertThatThrownBy(() -> connection.add(missingStatus)).isInstanceOfSatisfying(LDAPException.class,
                    e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.OBJECT_CLASS_VIOLATION));
        }

        directory.add(TestEntries.box(BASE, 4));
        assertThat(server.entryCount()).isEqualTo(6);
    }

    @Test
    void inProcessWritesSurviveARestart() throws Exception {
        LDAPInterface directory = start().directory();
        directory.add(TestEntries.professional(BASE, 1));
        directory.add(TestEntries.box(BASE, 1));
        directory.add(TestEntries.box(BASE, 2));
        directory.add(TestEntries.box(BASE, 3));
        directory.modify(TestEntries.boxDn(BASE, 1), new Modification(ModificationType.REPLACE, "cadStatus", "suspended"));
        directory.delete(TestEntries.boxDn(BASE, 2));
        directory.modifyDN(TestEntries.boxDn(BASE, 3), "mail=renamed@caducee.localhost", false);

        directory = start().directory();

        assertThat(directory.getEntry(TestEntries.boxDn(BASE, 1)).getAttributeValue("cadStatus")).isEqualTo("suspended");
        assertThat(directory.getEntry(TestEntries.boxDn(BASE, 2))).isNull();
        assertThat(directory.getEntry(TestEntries.boxDn(BASE, 3))).isNull();
        Entry renamed = directory.getEntry("mail=renamed@caducee.localhost,ou=boxes," + BASE);
        assertThat(renamed.getAttributeValues("mail"))
                .containsExactlyInAnyOrder(TestEntries.boxAddress(3), "renamed@caducee.localhost");
        assertThat(directory.getEntry(TestEntries.professional(BASE, 1).getDN())).isNotNull();
        assertThat(server.entryCount()).isEqualTo(5 + 3);
    }

    @Test
    void listenerWritesSurviveARestart() throws Exception {
        start();
        try (LDAPConnection connection = adminConnection()) {
            connection.add(TestEntries.box(BASE, 1));
            connection.add(TestEntries.box(BASE, 2));
            connection.modify(TestEntries.boxDn(BASE, 1),
                    new Modification(ModificationType.ADD, "cadMember", TestEntries.idNat(7)));
            connection.delete(TestEntries.boxDn(BASE, 2));
        }

        start();

        try (LDAPConnection connection = adminConnection()) {
            assertThat(connection.getEntry(TestEntries.boxDn(BASE, 1)).getAttributeValue("cadMember"))
                    .isEqualTo(TestEntries.idNat(7));
            assertThat(connection.getEntry(TestEntries.boxDn(BASE, 2))).isNull();
        }
        assertThat(server.directory().search(BASE, SearchScope.SUB, "(cadMember=" + TestEntries.idNat(7) + ")")
                .getEntryCount()).isEqualTo(1);
    }

    @Test
    void onlyTheAdministratorMayBindAndWriteOverTheListener() throws Exception {
        start();
        Entry box = TestEntries.box(BASE, 1);
        box.addAttribute("userPassword", "stored-hash");
        server.directory().add(box);

        try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", server.port())) {
            assertThatThrownBy(() -> anonymous.add(TestEntries.box(BASE, 2))).isInstanceOfSatisfying(
                    LDAPException.class,
                    e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
            assertThatThrownBy(() -> anonymous.search(BASE, SearchScope.SUB, "(objectClass=*)"))
                    .isInstanceOfSatisfying(LDAPException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
            assertThatThrownBy(() -> anonymous.bind(ADMIN, "wrong")).isInstanceOfSatisfying(LDAPException.class,
                    e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS));
            // A box entry's stored hash must not work as a password, nor any entry's password at all.
            assertThatThrownBy(() -> anonymous.bind(box.getDN(), "stored-hash"))
                    .isInstanceOfSatisfying(LDAPException.class,
                            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS));
        }
        assertThat(server.directory().getEntry(TestEntries.boxDn(BASE, 2))).isNull();

        try (LDAPConnection admin = adminConnection()) {
            admin.add(TestEntries.box(BASE, 2));
            assertThat(admin.search(BASE, SearchScope.SUB, "(objectClass=cadBox)").getEntryCount()).isEqualTo(2);
            assertThat(admin.processExtendedOperation(
                    new PasswordModifyExtendedRequest(box.getDN(), null, "new")).getResultCode())
                    .isEqualTo(ResultCode.UNWILLING_TO_PERFORM);
        }
        assertThat(server.directory().getEntry(box.getDN()).getAttributeValue("userPassword")).isEqualTo("stored-hash");
    }

    @Test
    void withoutAnAdministratorTheListenerIsReadOnly() throws Exception {
        server = EmbeddedLdapServer.start(TestTree.DEFINITION, EmbeddedLdapConfig.defaults(data).withListener("127.0.0.1", 0));
        server.directory().add(TestEntries.box(BASE, 1));

        try (LDAPConnection anonymous = new LDAPConnection("127.0.0.1", server.port())) {
            assertThat(anonymous.getEntry(TestEntries.boxDn(BASE, 1))).isNotNull();
            assertThatThrownBy(() -> anonymous.delete(TestEntries.boxDn(BASE, 1))).isInstanceOfSatisfying(
                    LDAPException.class,
                    e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
        }
        assertThat(server.directory().getEntry(TestEntries.boxDn(BASE, 1))).isNotNull();
    }

    @Test
    void listensOnTheConfiguredLoopbackAddressWithAnEphemeralPort() throws Exception {
        start();
        assertThat(server.port()).isPositive().isNotEqualTo(EmbeddedLdapConfig.DEFAULT_PORT);
        assertThat(server.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void aDataFolderServesOneServerAtATime() throws Exception {
        start();

        assertThatThrownBy(() -> EmbeddedLdapServer.start(TestTree.DEFINITION, EmbeddedLdapConfig.defaults(data)
                .withListener("127.0.0.1", 0))).isInstanceOf(IOException.class).hasMessageContaining("already open");

        server.close();
        server = EmbeddedLdapServer.start(TestTree.DEFINITION, EmbeddedLdapConfig.defaults(data).withListener("127.0.0.1", 0));
        assertThat(server.entryCount()).isEqualTo(5);
    }

    @Test
    void refusesWritesOnceClosed() throws Exception {
        LDAPInterface directory = start().directory();
        server.close();
        server = null;

        assertThatThrownBy(() -> directory.add(TestEntries.box(BASE, 1))).isInstanceOfSatisfying(
                LDAPException.class, e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.UNAVAILABLE));
    }
}
