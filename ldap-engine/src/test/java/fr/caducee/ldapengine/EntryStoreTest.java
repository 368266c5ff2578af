package fr.caducee.ldapengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.AssertionRequestControl;

class EntryStoreTest {

    private static final String BASE = "o=caducee";
    private static final String BOXES = "ou=boxes," + BASE;

    private EntryStore store;

    @BeforeEach
    void skeleton() throws LDAPException {
        store = new EntryStore(TestTree.DEFINITION.schema(), BASE, TestTree.DEFINITION.indexed());
        for (Entry entry : TestTree.DEFINITION.skeleton(BASE)) {
            store.add(new AddRequest(entry));
        }
    }

    private List<String> search(String base, SearchScope scope, String filter) throws LDAPException {
        List<String> dns = new ArrayList<>();
        store.search(base, scope, Filter.create(filter), 0, List.of(), false, e -> dns.add(e.getDN()));
        return dns;
    }

    @Test
    void indexedSearchesFollowModificationsRenamesAndDeletes() throws Exception {
        for (int n = 0; n < 3; n++) {
            Entry box = TestEntries.box(BASE, n);
            box.addAttribute("cadMember", TestEntries.idNat(100));
            store.add(new AddRequest(box));
        }
        assertThat(search(BASE, SearchScope.SUB, "(cadMember=" + TestEntries.idNat(100) + ")")).hasSize(3);

        store.modify(new ModifyRequest(TestEntries.boxDn(BASE, 0),
                new Modification(ModificationType.DELETE, "cadMember", TestEntries.idNat(100))));
        store.delete(new DeleteRequest(TestEntries.boxDn(BASE, 1)));
        store.modifyDN(new ModifyDNRequest(TestEntries.boxDn(BASE, 2), "mail=moved@caducee.localhost", true));

        assertThat(search(BASE, SearchScope.SUB, "(cadMember=" + TestEntries.idNat(100) + ")"))
                .containsExactly("mail=moved@caducee.localhost," + BOXES);
        assertThat(search(BOXES, SearchScope.ONE, "(mail=MOVED@caducee.localhost)")).hasSize(1);
        assertThat(search(BOXES, SearchScope.ONE, "(mail=" + TestEntries.boxAddress(2) + ")")).isEmpty();
        assertThat(search(BOXES, SearchScope.ONE, "(&(objectClass=cadBox)(cadIdNat=" + TestEntries.idNat(0) + "))"))
                .containsExactly(TestEntries.boxDn(BASE, 0));
        assertThat(search(BASE, SearchScope.ONE, "(cadIdNat=" + TestEntries.idNat(0) + ")")).isEmpty();
        assertThat(store.size()).isEqualTo(5 + 2);
    }

    @Test
    void scopesAndSizeLimits() throws Exception {
        for (int n = 0; n < 5; n++) {
            store.add(new AddRequest(TestEntries.box(BASE, n)));
        }
        assertThat(search(BASE, SearchScope.ONE, "(objectClass=*)")).hasSize(4);
        assertThat(search(BASE, SearchScope.SUB, "(objectClass=*)")).hasSize(10);
        assertThat(search(BASE, SearchScope.SUBORDINATE_SUBTREE, "(objectClass=*)")).hasSize(9);
        assertThat(search(BOXES, SearchScope.BASE, "(objectClass=*)")).containsExactly(BOXES);

        List<String> some = new ArrayList<>();
        EntryStore.Outcome outcome = store.search(BOXES, SearchScope.ONE, Filter.create("(objectClass=cadBox)"), 3,
                List.of("mail"), false, e -> some.add(e.getAttributeValue("mail")));
        assertThat(outcome.code()).isEqualTo(ResultCode.SIZE_LIMIT_EXCEEDED);
        assertThat(some).hasSize(3).doesNotContainNull();

        assertThatThrownBy(() -> search("ou=nowhere," + BASE, SearchScope.ONE, "(objectClass=*)"))
                .isInstanceOfSatisfying(LDAPException.class,
                        e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT));
    }

    @Test
    void requestedAttributesOnly() throws Exception {
        store.add(new AddRequest(TestEntries.box(BASE, 1)));
        List<Entry> found = new ArrayList<>();
        store.search(TestEntries.boxDn(BASE, 1), SearchScope.BASE, Filter.create("(objectClass=*)"), 0,
                List.of("cadStatus", "MAIL"), false, found::add);
        assertThat(found.get(0).getAttributes()).extracting(a -> a.getName()).containsExactlyInAnyOrder("mail",
                "cadStatus");
        found.clear();
        store.search(TestEntries.boxDn(BASE, 1), SearchScope.BASE, Filter.create("(objectClass=*)"), 0,
                List.of("1.1"), false, found::add);
        assertThat(found.get(0).getAttributes()).isEmpty();
    }

    @Test
    void refusesWhatADirectoryServerRefuses() throws Exception {
        store.add(new AddRequest(TestEntries.box(BASE, 1)));

        assertCode(() -> store.add(new AddRequest(TestEntries.box(BASE, 1))), ResultCode.ENTRY_ALREADY_EXISTS);
        Entry orphan = TestEntries.box(BASE, 2);
        orphan.setDN("mail=" + TestEntries.boxAddress(2) + ",ou=nowhere," + BASE);
        assertCode(() -> store.add(new AddRequest(orphan)), ResultCode.NO_SUCH_OBJECT);
        assertCode(() -> store.delete(new DeleteRequest(BOXES)), ResultCode.NOT_ALLOWED_ON_NONLEAF);
        assertCode(() -> store.delete(new DeleteRequest(TestEntries.boxDn(BASE, 9))), ResultCode.NO_SUCH_OBJECT);
        assertCode(() -> store.modify(new ModifyRequest(TestEntries.boxDn(BASE, 1),
                new Modification(ModificationType.DELETE, "cadStatus"))), ResultCode.OBJECT_CLASS_VIOLATION);
        assertCode(() -> store.modify(new ModifyRequest(TestEntries.boxDn(BASE, 1),
                new Modification(ModificationType.ADD, "cadIdNat", TestEntries.idNat(1)))),
                ResultCode.ATTRIBUTE_OR_VALUE_EXISTS);

        ModifyRequest guarded = new ModifyRequest(TestEntries.boxDn(BASE, 1),
                new Modification(ModificationType.REPLACE, "cadStatus", "suspended"));
        guarded.addControl(new AssertionRequestControl(Filter.createEqualityFilter("mail", "other@caducee.localhost")));
        assertCode(() -> store.modify(guarded), ResultCode.ASSERTION_FAILED);
        assertThat(store.get(TestEntries.boxDn(BASE, 1)).getAttributeValue("cadStatus")).isEqualTo("active");
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertCode(Call call, ResultCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LDAPException.class,
                e -> assertThat(e.getResultCode()).isEqualTo(code));
    }
}
