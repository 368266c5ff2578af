package fr.caducee.directory.ldap;

import static fr.caducee.directory.ldap.Fixtures.address;
import static fr.caducee.directory.ldap.Fixtures.idNat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.BoxStatus;

/** The cache in front of a real (in-memory) LDAP server, with a hand-driven clock to check freshness. */
class CachedDirectoryTest {
    private static final Duration FRESHNESS = Duration.ofSeconds(30);
    private static final PasswordScheme PBKDF2 = new PasswordScheme() {
        @Override
        public String hash(String password) {
            return Pbkdf2Password.hash(password, 10_000);
        }

        @Override
        public boolean verify(String password, String storedHash) {
            return Pbkdf2Password.verify(password, storedHash);
        }
    };

    private static TestDirectoryServer ldap;
    private LdapDirectoryStore store;
    private final AtomicLong nanos = new AtomicLong();
    private CachedDirectory directory;

    private final IdNat doctor = idNat(1);
    private final IdNat colleague = idNat(2);
    private final StructureId hospital = Fixtures.finess(1);

    @BeforeAll
    static void startLdap() {
        ldap = TestDirectoryServer.start();
    }

    @AfterAll
    static void stopLdap() {
        ldap.close();
    }

    @BeforeEach
    void fill() {
        ldap.reset();
        store = LdapDirectoryStore.connect(ldap.settings());
        directory = new CachedDirectory(store, domain -> domain.equals("other.example"), PBKDF2,
            new CachedDirectory.CacheSettings(FRESHNESS, 1000), Runnable::run, nanos::get);
        store.putProfessional(Fixtures.professional(1));
        store.putProfessional(Fixtures.professional(2));
        store.putStructure(Fixtures.structure(hospital));
        store.putBox(Fixtures.per("doctor@caducee.example", doctor));
        store.putBox(Fixtures.per("colleague@caducee.example", colleague));
        store.putBox(Fixtures.org("ward@caducee.example", hospital, doctor, Set.of()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aChangeMadeElsewhereIsSeenWithinTheFreshnessAndNotBefore() {
        assertThat(directory.findBox(address("new@caducee.example"))).isEmpty();
        store.putBox(Fixtures.per("new@caducee.example", doctor));

        advance(FRESHNESS.dividedBy(2).minusSeconds(1));
        assertThat(directory.findBox(address("new@caducee.example"))).isEmpty();
        // Past half the freshness a read triggers a reload (in the background in the server, inline here).
        advance(FRESHNESS.dividedBy(2));
        directory.findBox(address("new@caducee.example"));
        assertThat(directory.findBox(address("new@caducee.example"))).isPresent();
    }

    @Test
    void anUnreadAnswerExpiresAfterTheFreshness() {
        assertThat(directory.findBox(address("new@caducee.example"))).isEmpty();
        store.putBox(Fixtures.per("new@caducee.example", doctor));
        advance(FRESHNESS.plusSeconds(1));
        assertThat(directory.findBox(address("new@caducee.example"))).isPresent();
    }

    @Test
    void forgettingShowsAChangeAtOnce() {
        assertThat(directory.findBox(address("doctor@caducee.example"))).get()
            .extracting(box -> box.status()).isEqualTo(BoxStatus.ACTIVE);
        store.putBox(store.box(address("doctor@caducee.example")).orElseThrow().withStatus(BoxStatus.SUSPENDED));
        directory.forget(address("doctor@caducee.example"));
        assertThat(directory.findBox(address("doctor@caducee.example"))).get()
            .extracting(box -> box.status()).isEqualTo(BoxStatus.SUSPENDED);
    }

    @Test
    void aProfessionalWritesAsTheirBoxAndTheOrgBoxesTheyBelongTo() {
        assertThat(directory.mayWriteAs(address("doctor@caducee.example"), address("doctor@caducee.example"))).isTrue();
        assertThat(directory.mayWriteAs(address("doctor@caducee.example"), address("ward@caducee.example"))).isTrue();
        assertThat(directory.mayWriteAs(address("colleague@caducee.example"), address("ward@caducee.example"))).isFalse();
        assertThat(directory.mayWriteAs(address("colleague@caducee.example"), address("doctor@caducee.example"))).isFalse();
        // An ORG login is the box alone: it does not speak for its responsible professional.
        assertThat(directory.mayWriteAs(address("ward@caducee.example"), address("doctor@caducee.example"))).isFalse();
        assertThat(directory.mayWriteAs(address("nobody@caducee.example"), address("nobody@caducee.example"))).isFalse();
    }

    @Test
    void membersAddedToAnOrgBoxMayWriteAsIt() {
        store.putBox(Fixtures.org("ward@caducee.example", hospital, doctor, Set.of(colleague)));
        directory.forget(address("ward@caducee.example"));
        assertThat(directory.mayWriteAs(address("colleague@caducee.example"), address("ward@caducee.example"))).isTrue();
        assertThat(directory.boxesOf(colleague)).extracting(box -> box.address().address())
            .containsExactly("colleague@caducee.example", "ward@caducee.example");
    }

    @Test
    void aSuspendedBoxNeitherLogsInNorIsWrittenAs() {
        directory.forget(address("doctor@caducee.example"));
        store.setPasswordHash(address("doctor@caducee.example"), PBKDF2.hash("long enough password"));
        assertThat(directory.authenticate(address("doctor@caducee.example"), "long enough password")).isTrue();
        assertThat(directory.authenticate(address("doctor@caducee.example"), "wrong password")).isFalse();

        store.putBox(store.box(address("doctor@caducee.example")).orElseThrow().withStatus(BoxStatus.SUSPENDED));
        directory.forget(address("doctor@caducee.example"));
        assertThat(directory.authenticate(address("doctor@caducee.example"), "long enough password")).isFalse();
        assertThat(directory.mayWriteAs(address("doctor@caducee.example"), address("ward@caducee.example"))).isFalse();
    }

    @Test
    void aPatientIsFoundByTheAddressOfTheirBoxOnly() {
        Ins ins = Fixtures.ins(7);
        store.putPatient(Fixtures.patient(ins, List.of()));
        assertThat(directory.patientAt(address(ins.matricule() + "@patient.caducee.example"))).isPresent();
        assertThat(directory.patientAt(address(ins.matricule() + "@patient.other.example"))).isEmpty();
        assertThat(directory.account(address(ins.matricule() + "@patient.caducee.example"))).isPresent();
        assertThat(directory.mayWriteAs(address(ins.matricule() + "@patient.caducee.example"),
            address("doctor@caducee.example"))).isFalse();
    }

    @Test
    void theChildrenAParentRepresentsAreCachedAndAChangeHereIsSeenAtOnce() {
        Ins parent = Fixtures.ins(7);
        Ins child = Fixtures.ins(8);
        store.putPatient(Fixtures.patient(parent, List.of()));
        store.putPatient(Fixtures.patient(child, List.of()));
        assertThat(directory.representedBy(parent)).isEmpty();

        store.addRepresentative(child, parent);
        assertThat(directory.representedBy(parent)).as("cached until forgotten or stale").isEmpty();
        directory.forget(parent);
        assertThat(directory.representedBy(parent)).extracting(patient -> patient.ins()).containsExactly(child);

        store.removeRepresentative(child, parent);
        advance(FRESHNESS.plusSeconds(1));
        assertThat(directory.representedBy(parent)).as("a change made elsewhere, within the freshness").isEmpty();
    }

    @Test
    void aSuspendedChildsBoxIsOpenedByNoRepresentative() {
        Ins parent = Fixtures.ins(7);
        Ins child = Fixtures.ins(8);
        store.putPatient(Fixtures.patient(parent, List.of()));
        store.putPatient(Fixtures.patient(child, List.of()));
        store.addRepresentative(child, parent);
        store.putPatient(store.patient(child).map(p -> new fr.caducee.domain.model.Patient(p.ins(), p.lastName(),
            p.firstName(), p.birthDate(), p.address(), BoxStatus.SUSPENDED, p.created(), p.dispensings())).orElseThrow());

        assertThat(store.representedBy(parent)).hasSize(1);
        assertThat(directory.representedBy(parent)).isEmpty();
    }

    @Test
    void whenTheStoreIsDownCachedAnswersStayAndUnknownOnesAreNotGuessed() throws Exception {
        assertThat(directory.findBox(address("doctor@caducee.example"))).isPresent();
        ldap.stopListening();
        try {
            advance(FRESHNESS.dividedBy(2).plusSeconds(1));
            assertThat(directory.findBox(address("doctor@caducee.example"))).isPresent();
            assertThatThrownBy(() -> directory.findBox(address("colleague@caducee.example")))
                .isInstanceOf(DirectoryUnavailableException.class);
        } finally {
            ldap.startListening();
        }
    }

    @Test
    void trustedDomainsComeFromTheWhitelist() {
        assertThat(directory.isTrustedDomain("other.example")).isTrue();
        assertThat(directory.isTrustedDomain("gmail.com")).isFalse();
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
