package fr.caducee.directory.ldap;

import static fr.caducee.directory.ldap.Fixtures.idNat;
import static fr.caducee.directory.ldap.Fixtures.per;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;

/** The window of keys behind paged listings: reused while fresh, scanned again when stale or dropped. */
class OrderedListingTest {

    TestDirectoryServer server;
    DirectoryTree tree;
    final AtomicLong now = new AtomicLong();
    OrderedListing<Box> listing;

    @BeforeEach
    void start() throws LDAPException {
        server = TestDirectoryServer.start();
        tree = new DirectoryTree(new DN(TestDirectoryServer.BASE));
        listing = new OrderedListing<>(RecordKind.BOX, tree, new LdapOperations(server.server(), "(test)"),
                new UnusableEntries(), k -> BoxAddress.parse(k).address(), BoxEntries::fromEntry, BoxEntries.READ,
                5, now::get);
        for (String name : List.of("g", "f", "e", "d", "c", "b", "a")) {
            add(name);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    void add(String name) throws LDAPException {
        Box box = per(name + "@chu.example", idNat(1));
        server.server().add(BoxEntries.toEntry(tree.box(box.address()), box));
    }

    List<String> page(String after, int limit) {
        return listing.page(Optional.ofNullable(after).map(a -> a + "@chu.example"), limit).stream()
                .map(b -> b.address().localPart()).toList();
    }

    @Test
    void aFreshWindowServesTheNextPagesAndAStaleOneIsScannedAgain() throws LDAPException {
        assertThat(page(null, 2)).containsExactly("a", "b");
        add("bb");

        assertThat(page("b", 2)).as("from the window scanned before bb was added").containsExactly("c", "d");

        now.addAndGet(OrderedListing.FRESH.toNanos());
        assertThat(page("b", 2)).containsExactly("bb", "c");
    }

    @Test
    void aDroppedWindowIsScannedAgainAtOnce() throws LDAPException {
        assertThat(page(null, 2)).containsExactly("a", "b");
        add("bb");

        listing.invalidate();

        assertThat(page("b", 2)).containsExactly("bb", "c");
    }

    @Test
    void pagesGoOnPastTheWindowToTheEnd() {
        assertThat(page(null, 4)).containsExactly("a", "b", "c", "d");
        assertThat(page("d", 4)).containsExactly("e", "f", "g");
        assertThat(page("g", 4)).isEmpty();
        assertThat(page(null, 10)).containsExactly("a", "b", "c", "d", "e", "f", "g");
    }
}
