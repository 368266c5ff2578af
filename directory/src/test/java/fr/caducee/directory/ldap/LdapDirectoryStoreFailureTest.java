package fr.caducee.directory.ldap;

import static fr.caducee.directory.ldap.Fixtures.address;
import static fr.caducee.directory.ldap.Fixtures.idNat;
import static fr.caducee.directory.ldap.Fixtures.per;
import static fr.caducee.directory.ldap.Fixtures.professional;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import com.unboundid.ldap.sdk.LDAPException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.store.DirectoryUnavailableException;

/** What callers see when the directory cannot be reached, is misconfigured or too slow. */
class LdapDirectoryStoreFailureTest {

    static void assertUnavailable(ThrowingCallable call, String... fragments) {
        assertThatThrownBy(call).isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageContainingAll(fragments)
                .hasCauseInstanceOf(LDAPException.class);
    }

    @Test
    void aStoppedServerMakesOperationsUnavailableAndTheStoreRecoversWhenItIsBack() throws Exception {
        try (TestDirectoryServer server = TestDirectoryServer.start(
                new TestDirectoryServer.Options().port(TestDirectoryServer.freePort()));
             LdapDirectoryStore store = LdapDirectoryStore.connect(server.settings())) {
            String directory = "directory " + server.url() + ": ";
            store.putProfessional(professional(1));
            server.stopListening();

            assertUnavailable(() -> store.box(address("a@chu.example")), directory, "cannot read box a@chu.example");
            assertUnavailable(() -> store.putBox(per("a@chu.example", idNat(1))), directory, "box a@chu.example");
            assertUnavailable(() -> store.putProfessional(professional(2)), directory,
                    "cannot read professional " + idNat(2));
            assertUnavailable(() -> store.passwordHash(address("a@chu.example")), directory,
                    "cannot read the password of a@chu.example");
            assertUnavailable(store::countBoxes, directory, "cannot count boxes");
            assertUnavailable(() -> store.boxes(Optional.empty(), 10), directory, "cannot list boxes");
            assertUnavailable(() -> store.removeBox(address("a@chu.example")), directory,
                    "cannot remove box a@chu.example");

            server.startListening();

            assertThat(store.professional(idNat(1))).contains(professional(1));
        }
    }

    @Test
    void connectFailsClearlyWhenNoServerListens() {
        String url = "ldap://127.0.0.1:" + TestDirectoryServer.freePort();

        assertThatThrownBy(() -> LdapDirectoryStore.connect(LdapSettings.of(url, "cn=admin", "secret")
                        .withPool(2, Duration.ofSeconds(1), Duration.ofSeconds(1))))
                .isInstanceOf(DirectoryUnavailableException.class)
                .hasMessageStartingWith("directory " + url + ": cannot connect as cn=admin (");
    }

    @Test
    void connectFailsClearlyOnAWrongPassword() {
        try (TestDirectoryServer server = TestDirectoryServer.start()) {
            LdapSettings wrong = LdapSettings.of(server.url(), TestDirectoryServer.ADMIN_DN, "wrong");

            assertThatThrownBy(() -> LdapDirectoryStore.connect(wrong))
                    .isInstanceOf(DirectoryUnavailableException.class)
                    .hasMessageContainingAll("cannot connect as cn=admin", "invalid credentials");
        }
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsUnavailable() {
        try (TestDirectoryServer server = TestDirectoryServer.start(
                new TestDirectoryServer.Options().slowBoxSearches(Duration.ofSeconds(3)));
             LdapDirectoryStore store = LdapDirectoryStore.connect(server.settings()
                     .withPool(2, Duration.ofSeconds(1), Duration.ofMillis(300)))) {
            long start = System.nanoTime();

            assertUnavailable(() -> store.box(address("a@chu.example")), "cannot read box a@chu.example", "timeout");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aSizeLimitedAccountIsToldWhatToChange() throws Exception {
        try (TestDirectoryServer server = TestDirectoryServer.start(new TestDirectoryServer.Options().maxSizeLimit(5));
             LdapDirectoryStore store = LdapDirectoryStore.connect(server.settings())) {
            for (int i = 0; i < 6; i++) {
                server.server().add("dn: mail=b" + i + "@chu.example,ou=boxes,o=caducee", "objectClass: cadBox",
                        "mail: b" + i + "@chu.example", "cadBoxType: APP", "cadStatus: active",
                        "cadCreated: 20260101000000Z");
            }

            assertUnavailable(store::countBoxes, "cannot count boxes", "size limit",
                    "limits dn.exact=\"<bind DN>\" size=unlimited");
        }
    }

    @Test
    void withoutTheContainersReadsFindNothingAndWritesSayTheTreeIsMissing() {
        try (TestDirectoryServer server = TestDirectoryServer.start(
                new TestDirectoryServer.Options().withoutContainers())) {
            LdapDirectoryStore store = new LdapDirectoryStore(server.server(), TestDirectoryServer.BASE);

            assertThat(store.box(address("a@chu.example"))).isEmpty();
            assertThat(store.boxes(Optional.empty(), 10)).isEmpty();
            assertThat(store.boxesOf(idNat(1))).isEmpty();
            assertThat(store.countBoxes()).isZero();
            assertThatThrownBy(() -> store.putProfessional(professional(1)))
                    .isInstanceOf(DirectoryUnavailableException.class)
                    .hasMessage("directory (in-process): cannot add professional " + idNat(1)
                            + ": ou=professionals,o=caducee does not exist (the directory tree is not initialised)");
        }
    }

    @Test
    void aServerWithoutOurSchemaIsUnavailableNotARefusal() {
        try (TestDirectoryServer server = TestDirectoryServer.start(
                new TestDirectoryServer.Options().withoutOurSchema())) {
            LdapDirectoryStore store = new LdapDirectoryStore(server.server(), TestDirectoryServer.BASE,
                    "ldap://ldap.example:389");

            assertUnavailable(() -> store.putProfessional(professional(1)),
                    "directory ldap://ldap.example:389: cannot add professional " + idNat(1),
                    "object class violation");
        }
    }
}
