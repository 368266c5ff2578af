package fr.caducee.directory.ldap;

import static fr.caducee.directory.ldap.Fixtures.per;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModifyRequest;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.store.WriteOutcome;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxStatus;

/** The store on the server object itself, no network. */
class InProcessLdapDirectoryStoreTest extends LdapDirectoryStoreContract {

    @Override
    LdapDirectoryStore open(TestDirectoryServer server) {
        return new LdapDirectoryStore(server.server(), TestDirectoryServer.BASE);
    }

    @Test
    void anUpdateIsOneModifyOfTheChangedAttributesAndNoChangeWritesNothing() throws Exception {
        givenPeopleAndStructures();
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        List<ModifyRequest> modifies = Collections.synchronizedList(new ArrayList<>());
        LDAPInterface recording = (LDAPInterface) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LDAPInterface.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (args != null && args.length == 1 && args[0] instanceof ModifyRequest request) {
                        modifies.add(request);
                    }
                    try {
                        return method.invoke(server.server(), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        LdapDirectoryStore watched = new LdapDirectoryStore(recording, TestDirectoryServer.BASE);
        Box box = per("jean.dupont@chu.example", HOLDER);
        watched.putBox(box);
        calls.clear();

        assertThat(watched.putBox(box)).isEqualTo(WriteOutcome.UNCHANGED);
        assertThat(calls).doesNotContain("add", "modify", "delete");

        assertThat(watched.putBox(box.withStatus(BoxStatus.SUSPENDED))).isEqualTo(WriteOutcome.UPDATED);
        assertThat(calls).filteredOn(name -> name.equals("modify")).hasSize(1);
        assertThat(modifies).hasSize(1);
        assertThat(modifies.get(0).getModifications()).extracting(Modification::getAttributeName)
                .containsExactly("cadStatus");
    }

    @Test
    void pagingWalksAcrossSeveralWindows() throws Exception {
        givenPeopleAndStructures();
        LdapDirectoryStore smallWindows = new LdapDirectoryStore(server.server(), new DN(TestDirectoryServer.BASE),
                "(in-process)", false, 100);
        List<String> addresses = new ArrayList<>(IntStream.range(0, 1050).mapToObj(i -> "box" + i + "@chu.example")
                .toList());
        addresses.forEach(a -> store.putBox(per(a, HOLDER)));
        Collections.sort(addresses);

        assertThat(walk(limit -> after -> smallWindows.boxes(after.map(Fixtures::address), limit), 30,
                b -> b.address().address())).isEqualTo(addresses);
        assertThat(walk(limit -> after -> smallWindows.boxes(after.map(Fixtures::address), limit), 250,
                b -> b.address().address())).isEqualTo(addresses);
        assertThat(smallWindows.boxes(Optional.empty(), 1)).hasSize(1);
    }
}
