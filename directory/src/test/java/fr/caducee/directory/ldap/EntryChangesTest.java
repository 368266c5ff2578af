package fr.caducee.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import org.junit.jupiter.api.Test;

class EntryChangesTest {

    static Entry entry(String... attributes) {
        Entry entry = new Entry("mail=a@b.example,ou=boxes,o=caducee");
        for (int i = 0; i < attributes.length; i += 2) {
            entry.addAttribute(attributes[i], attributes[i + 1]);
        }
        return entry;
    }

    @Test
    void onlyTheManagedAttributesThatDifferAreReplaced() {
        Entry stored = entry("cadStatus", "active", "cadService", "Urgences", "cadMember", "2", "cadMember", "1",
                "description", "by hand");
        Entry desired = entry("cadStatus", "suspended", "cadMember", "1", "cadMember", "2");

        List<Modification> changes = EntryChanges.between(stored, desired,
                List.of("cadStatus", "cadService", "cadMember", "cadSoftwareRef"));

        assertThat(changes).containsExactly(
                new Modification(ModificationType.REPLACE, "cadStatus", "suspended"),
                new Modification(ModificationType.REPLACE, "cadService"));
    }

    @Test
    void sameValuesInAnotherOrderAreNoChangeButAnotherCaseIs() {
        Entry stored = entry("cadMember", "b", "cadMember", "a", "sn", "Dupont");

        assertThat(EntryChanges.between(stored, entry("cadMember", "a", "cadMember", "b", "sn", "Dupont"),
                List.of("cadMember", "sn"))).isEmpty();
        assertThat(EntryChanges.between(stored, entry("cadMember", "a", "cadMember", "b", "sn", "DUPONT"),
                List.of("cadMember", "sn")))
                .containsExactly(new Modification(ModificationType.REPLACE, "sn", "DUPONT"));
    }
}
