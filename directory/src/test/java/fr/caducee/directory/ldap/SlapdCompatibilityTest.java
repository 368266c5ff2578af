package fr.caducee.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;

import fr.caducee.ldapengine.TestEntries;

/** Our schema, tree and password format in a real OpenLDAP. */
class SlapdCompatibilityTest {

    @Test
    void slapdHoldsOurBoxesAndVerifiesOurPasswordHashes() throws Exception {
        try (SlapdProcess slapd = SlapdProcess.start().createSkeleton()) {
            Entry box = TestEntries.box(slapd.baseDn(), 42);
            box.addAttribute("cadMember", TestEntries.idNat(7));
            box.addAttribute("userPassword", Pbkdf2Password.hash("s3cret-Box", 10_000));
            try (LDAPConnection admin = slapd.connect()) {
                admin.add(box);

                Entry read = admin.getEntry(box.getDN());
                assertThat(read.getAttributeValue("cadBoxType")).isEqualTo("PER");
                assertThat(read.getAttributeValue("cadCreated")).isEqualTo("20240101120000Z");
                SearchResult byMember = admin.search(slapd.baseDn(), SearchScope.SUB,
                        "(&(objectClass=cadBox)(cadMember=" + TestEntries.idNat(7) + "))");
                assertThat(byMember.getEntryCount()).isEqualTo(1);

                Entry invalid = TestEntries.box(slapd.baseDn(), 43);
                invalid.removeAttribute("cadStatus");
                assertThatThrownBy(() -> admin.add(invalid)).isInstanceOfSatisfying(LDAPException.class,
                        e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.OBJECT_CLASS_VIOLATION));
            }

            try (LDAPConnection asBox = new LDAPConnection(slapd.host(), slapd.port())) {
                assertThat(asBox.bind(box.getDN(), "s3cret-Box").getResultCode()).isEqualTo(ResultCode.SUCCESS);
                assertThatThrownBy(() -> asBox.bind(box.getDN(), "wrong")).isInstanceOfSatisfying(
                        LDAPException.class,
                        e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS));
            }
        }
    }

    @Test
    void closingStopsSlapdAndRemovesItsFiles() throws Exception {
        SlapdProcess slapd = SlapdProcess.start();
        int port = slapd.port();
        Path directory = slapd.directory();
        assertThat(directory.resolve("slapd.d")).isDirectory();
        new LDAPConnection("127.0.0.1", port).close();

        slapd.close();

        assertThatThrownBy(() -> new LDAPConnection("127.0.0.1", port).close()).isInstanceOf(LDAPException.class);
        assertThat(Files.exists(directory)).isFalse();
    }
}
