package fr.caducee.directory.ldap;

import static fr.caducee.directory.ldap.Fixtures.CREATED;
import static fr.caducee.directory.ldap.Fixtures.DOMAIN;
import static fr.caducee.directory.ldap.Fixtures.SIRET;
import static fr.caducee.directory.ldap.Fixtures.address;
import static fr.caducee.directory.ldap.Fixtures.dispensing;
import static fr.caducee.directory.ldap.Fixtures.finess;
import static fr.caducee.directory.ldap.Fixtures.idNat;
import static fr.caducee.directory.ldap.Fixtures.ins;
import static fr.caducee.directory.ldap.Fixtures.org;
import static fr.caducee.directory.ldap.Fixtures.patient;
import static fr.caducee.directory.ldap.Fixtures.per;
import static fr.caducee.directory.ldap.Fixtures.professional;
import static fr.caducee.directory.ldap.Fixtures.structure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import fr.caducee.domain.directory.store.DirectoryRefusal.Reason;
import fr.caducee.domain.directory.store.DirectoryRefusal;
import fr.caducee.domain.directory.store.WriteOutcome;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;

/**
 * Every method of the store against a real LDAP server; run in-process and over a connection pool by the
 * subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LdapDirectoryStoreContract {

    static final IdNat HOLDER = idNat(1);
    static final IdNat RESPONSIBLE = idNat(2);
    static final IdNat MEMBER = idNat(3);
    static final IdNat UNKNOWN = idNat(999);
    static final Finess CHU = finess(1);
    static final Finess PHARMACY = finess(2);
    static final Finess UNKNOWN_STRUCTURE = finess(999);

    TestDirectoryServer server;
    LdapDirectoryStore store;

    abstract LdapDirectoryStore open(TestDirectoryServer server);

    @BeforeAll
    void startServer() {
        server = TestDirectoryServer.start();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @BeforeEach
    void openStore() {
        server.reset();
        store = open(server);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    void givenPeopleAndStructures() {
        for (IdNat id : List.of(HOLDER, RESPONSIBLE, MEMBER)) {
            store.putProfessional(new Professional(id, "", "Nom " + id, "", "", "", "", ""));
        }
        store.putStructure(structure(CHU));
        store.putStructure(structure(PHARMACY));
    }

    /** The directory under the store, to look at or set up entries without it. */
    LDAPInterface raw() {
        return server.server();
    }

    Entry rawEntry(String dn) throws LDAPException {
        return raw().getEntry(dn, "*", "+");
    }

    static void assertRefused(ThrowingCallable call, Reason reason, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DirectoryRefusal.class, refusal -> {
            assertThat(refusal.getMessage()).isEqualTo(message);
            assertThat(refusal.reason()).isEqualTo(reason);
        });
    }

    // Professionals

    @Test
    void professionalRoundTripsEveryFieldIncludingAccentedNames() throws Exception {
        Professional p = new Professional(HOLDER, "PR", "Lefèvre-Ñúñez", "Élodie-Françoise", "10", "Médecin",
                "SM54", "Cardiologie et maladies vasculaires (spécialité)");

        assertThat(store.putProfessional(p)).isEqualTo(WriteOutcome.ADDED);

        assertThat(store.professional(HOLDER)).contains(p);
        Entry entry = rawEntry("cadIdNat=" + HOLDER.value() + ",ou=professionals,o=caducee");
        assertThat(entry.getAttributeValueBytes("sn")).isEqualTo("Lefèvre-Ñúñez".getBytes(StandardCharsets.UTF_8));
        assertThat(entry.getObjectClassValues()).contains("cadProfessional");
    }

    @Test
    void emptyOptionalFieldsAreNotStored() throws Exception {
        Professional p = new Professional(HOLDER, "", "Dupont", "", "", "", "", "");

        store.putProfessional(p);

        Entry entry = rawEntry("cadIdNat=" + HOLDER.value() + ",ou=professionals,o=caducee");
        assertThat(entry.getAttributes()).extracting(a -> a.getBaseName().toLowerCase())
                .doesNotContain("givenname", "cadtitle", "cadprofessioncode", "cadprofessionlabel",
                        "cadspecialtycode", "cadspecialtylabel");
        assertThat(store.professional(HOLDER)).contains(p);
    }

    @Test
    void putProfessionalSaysWhatItDid() throws Exception {
        Professional p = new Professional(HOLDER, "DR", "Dupont", "Jean", "10", "Médecin", "", "");

        assertThat(store.putProfessional(p)).isEqualTo(WriteOutcome.ADDED);
        assertThat(store.putProfessional(p)).isEqualTo(WriteOutcome.UNCHANGED);
        Professional renamed = new Professional(HOLDER, "", "Dupont-Durand", "Jean", "10", "Médecin", "", "");
        assertThat(store.putProfessional(renamed)).isEqualTo(WriteOutcome.UPDATED);

        assertThat(store.professional(HOLDER)).contains(renamed);
        assertThat(rawEntry("cadIdNat=" + HOLDER.value() + ",ou=professionals,o=caducee").hasAttribute("cadTitle"))
                .isFalse();
    }

    @Test
    void aChangeOfCaseIsAChange() {
        store.putProfessional(new Professional(HOLDER, "", "Dupont", "", "", "", "", ""));

        assertThat(store.putProfessional(new Professional(HOLDER, "", "DUPONT", "", "", "", "", "")))
                .isEqualTo(WriteOutcome.UPDATED);
        assertThat(store.professional(HOLDER).orElseThrow().lastName()).isEqualTo("DUPONT");
    }

    @Test
    void attributesOutsideTheRecordSurviveAPut() throws Exception {
        store.putProfessional(professional(1));
        raw().modify("dn: cadIdNat=" + idNat(1).value() + ",ou=professionals,o=caducee",
                "changetype: modify", "add: cadProfessionCategory", "cadProfessionCategory: C");

        store.putProfessional(new Professional(idNat(1), "", "Autre", "", "", "", "", ""));

        assertThat(rawEntry("cadIdNat=" + idNat(1).value() + ",ou=professionals,o=caducee")
                .getAttributeValue("cadProfessionCategory")).isEqualTo("C");
    }

    @Test
    void unknownRecordsAreEmpty() {
        assertThat(store.professional(UNKNOWN)).isEmpty();
        assertThat(store.structure(UNKNOWN_STRUCTURE)).isEmpty();
        assertThat(store.box(address("nobody@chu.example"))).isEmpty();
        assertThat(store.patient(ins(99))).isEmpty();
    }

    // Structures

    @Test
    void structuresRoundTripWithFinessOrSiret() throws Exception {
        Structure chu = new Structure(CHU, "Centre hospitalier universitaire de Saint-Étienne", "CHU Nord",
                "42055", "Saint-Étienne");
        Structure company = new Structure(SIRET, "Pharmacie de l'Église", "", "", "");

        assertThat(store.putStructure(chu)).isEqualTo(WriteOutcome.ADDED);
        assertThat(store.putStructure(company)).isEqualTo(WriteOutcome.ADDED);
        assertThat(store.putStructure(chu)).isEqualTo(WriteOutcome.UNCHANGED);

        assertThat(store.structure(CHU)).contains(chu);
        assertThat(store.structure(SIRET)).contains(company);
        assertThat(rawEntry("cadStructureId=3" + SIRET.number() + ",ou=structures,o=caducee").getAttributeValue("o"))
                .isEqualTo("Pharmacie de l'Église");
        Structure moved = new Structure(CHU, chu.name(), "", "42100", "Saint-Étienne");
        assertThat(store.putStructure(moved)).isEqualTo(WriteOutcome.UPDATED);
        assertThat(store.structure(CHU)).contains(moved);
    }

    // Boxes

    @Test
    void boxesOfEveryTypeRoundTripEveryField() {
        givenPeopleAndStructures();
        List<Box> boxes = List.of(
                new Box(address("jean.dupont@chu.example"), BoxType.PER, Optional.of(HOLDER), Optional.of(CHU),
                        Optional.empty(), Set.of(), true, BoxStatus.ACTIVE, CREATED, "Cardiologie pédiatrique", ""),
                new Box(address("cardio@chu.example"), BoxType.ORG, Optional.empty(), Optional.of(CHU),
                        Optional.of(RESPONSIBLE), Set.of(HOLDER, MEMBER), false, BoxStatus.SUSPENDED, CREATED,
                        "Service de cardiologie", ""),
                new Box(address("dpi+reports@chu.example"), BoxType.APP, Optional.empty(), Optional.of(CHU),
                        Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, CREATED, "", "DPI-Éditeur 4.2"),
                new Box(address("cabinet@medecin.example"), BoxType.CAB, Optional.of(HOLDER), Optional.empty(),
                        Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, CREATED, "", ""));

        for (Box box : boxes) {
            assertThat(store.putBox(box)).isEqualTo(WriteOutcome.ADDED);
        }

        for (Box box : boxes) {
            assertThat(store.box(box.address())).contains(box);
        }
    }

    @Test
    void anUpdateKeepsTheCreationDateAndChangesTheMutableFields() {
        givenPeopleAndStructures();
        Box box = per("jean.dupont@chu.example", HOLDER);
        store.putBox(box);
        Box changed = new Box(box.address(), BoxType.PER, Optional.of(HOLDER), Optional.of(CHU), Optional.empty(),
                Set.of(), true, BoxStatus.SUSPENDED, Instant.parse("2027-01-01T00:00:00Z"), "Urgences", "");

        assertThat(store.putBox(changed)).isEqualTo(WriteOutcome.UPDATED);
        assertThat(store.putBox(changed)).isEqualTo(WriteOutcome.UNCHANGED);

        Box stored = store.box(box.address()).orElseThrow();
        assertThat(stored.created()).isEqualTo(CREATED);
        assertThat(stored).isEqualTo(new Box(box.address(), BoxType.PER, Optional.of(HOLDER), Optional.of(CHU),
                Optional.empty(), Set.of(), true, BoxStatus.SUSPENDED, CREATED, "Urgences", ""));
    }

    @Test
    void theTypeOfABoxNeverChanges() {
        givenPeopleAndStructures();
        store.putBox(per("jean.dupont@chu.example", HOLDER));
        Box cab = new Box(address("jean.dupont@chu.example"), BoxType.CAB, Optional.of(HOLDER), Optional.empty(),
                Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, CREATED, "", "");

        assertRefused(() -> store.putBox(cab), Reason.CONFLICT,
                "box jean.dupont@chu.example: type cannot change from PER to CAB");
        assertThat(store.box(cab.address()).orElseThrow().type()).isEqualTo(BoxType.PER);
    }

    @Test
    void theHolderOfABoxNeverChanges() {
        givenPeopleAndStructures();
        store.putBox(per("jean.dupont@chu.example", HOLDER));

        assertRefused(() -> store.putBox(per("jean.dupont@chu.example", MEMBER)), Reason.CONFLICT,
                "box jean.dupont@chu.example: holder professional cannot change from " + HOLDER.value() + " to "
                        + MEMBER.value());
        assertThat(store.box(address("jean.dupont@chu.example")).orElseThrow().professional()).contains(HOLDER);
    }

    @Test
    void everyReferenceOfABoxMustExist() {
        givenPeopleAndStructures();

        assertRefused(() -> store.putBox(per("x@chu.example", UNKNOWN)), Reason.UNKNOWN_REFERENCE,
                "box x@chu.example: holder professional " + UNKNOWN.value() + " is not in the directory");
        assertRefused(() -> store.putBox(org("cardio@chu.example", UNKNOWN_STRUCTURE, RESPONSIBLE, Set.of())),
                Reason.UNKNOWN_REFERENCE, "box cardio@chu.example: structure FINESS " + UNKNOWN_STRUCTURE.number()
                        + " is not in the directory");
        assertRefused(() -> store.putBox(org("cardio@chu.example", CHU, UNKNOWN, Set.of())),
                Reason.UNKNOWN_REFERENCE, "box cardio@chu.example: responsible professional " + UNKNOWN.value()
                        + " is not in the directory");
        assertRefused(() -> store.putBox(org("cardio@chu.example", CHU, RESPONSIBLE, Set.of(MEMBER, UNKNOWN))),
                Reason.UNKNOWN_REFERENCE, "box cardio@chu.example: member professional " + UNKNOWN.value()
                        + " is not in the directory");
        assertRefused(() -> store.createBox(org("cardio@chu.example", CHU, RESPONSIBLE, Set.of(idNat(998), UNKNOWN))),
                Reason.UNKNOWN_REFERENCE, "box cardio@chu.example: member professionals " + idNat(998).value()
                        + ", " + UNKNOWN.value() + " are not in the directory");

        assertThat(store.box(address("x@chu.example"))).isEmpty();
        assertThat(store.box(address("cardio@chu.example"))).isEmpty();
    }

    @Test
    void createBoxRefusesAnExistingAddress() {
        givenPeopleAndStructures();
        Box box = per("jean.dupont@chu.example", HOLDER);

        store.createBox(box);

        assertThat(store.box(box.address())).contains(box);
        assertRefused(() -> store.createBox(box.withStatus(BoxStatus.SUSPENDED)), Reason.DUPLICATE,
                "box jean.dupont@chu.example already exists");
        assertThat(store.box(box.address())).contains(box);
    }

    @Test
    void aPutLeavesThePasswordAlone() {
        givenPeopleAndStructures();
        Box box = per("jean.dupont@chu.example", HOLDER);
        store.putBox(box);
        store.setPasswordHash(box.address(), "{PBKDF2-SHA512}10000$c2FsdA==$aGFzaA==");

        assertThat(store.putBox(box.withStatus(BoxStatus.SUSPENDED))).isEqualTo(WriteOutcome.UPDATED);

        assertThat(store.passwordHash(box.address())).contains("{PBKDF2-SHA512}10000$c2FsdA==$aGFzaA==");
    }

    @Test
    void boxesOfAProfessionalAreThoseTheyHoldOrMayUseSortedByAddress() {
        givenPeopleAndStructures();
        store.putBox(per("zz.dupont@chu.example", HOLDER));
        store.putBox(new Box(address("cabinet@medecin.example"), BoxType.CAB, Optional.of(HOLDER), Optional.empty(),
                Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, CREATED, "", ""));
        store.putBox(org("accueil@chu.example", CHU, HOLDER, Set.of()));
        store.putBox(org("bloc@chu.example", CHU, RESPONSIBLE, Set.of(HOLDER, MEMBER)));
        store.putBox(org("other@chu.example", CHU, RESPONSIBLE, Set.of(MEMBER)));
        store.putBox(per("someone.else@chu.example", MEMBER));

        assertThat(store.boxesOf(HOLDER)).extracting(b -> b.address().address()).containsExactly(
                "accueil@chu.example", "bloc@chu.example", "cabinet@medecin.example", "zz.dupont@chu.example");
        assertThat(store.boxesOf(RESPONSIBLE)).extracting(b -> b.address().address())
                .containsExactly("bloc@chu.example", "other@chu.example");
        assertThat(store.boxesOf(UNKNOWN)).isEmpty();
    }

    @Test
    void boxesAtAStructureAreThoseAttachedToItSortedByAddress() {
        givenPeopleAndStructures();
        store.putBox(new Box(address("pharmacien@pharmacie.example"), BoxType.PER, Optional.of(HOLDER),
                Optional.of(PHARMACY), Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, CREATED, "", ""));
        store.putBox(org("officine@pharmacie.example", PHARMACY, RESPONSIBLE, Set.of()));
        store.putBox(org("accueil@chu.example", CHU, HOLDER, Set.of()));
        store.putBox(new Box(address("cabinet@medecin.example"), BoxType.CAB, Optional.of(HOLDER), Optional.empty(),
                Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, CREATED, "", ""));

        assertThat(store.boxesAt(PHARMACY)).extracting(b -> b.address().address())
                .containsExactly("officine@pharmacie.example", "pharmacien@pharmacie.example");
        assertThat(store.boxesAt(CHU)).extracting(b -> b.address().address()).containsExactly("accueil@chu.example");
        assertThat(store.boxesAt(UNKNOWN_STRUCTURE)).isEmpty();
    }

    @Test
    void removeBoxSaysWhetherThereWasOne() {
        givenPeopleAndStructures();
        store.putBox(per("jean.dupont@chu.example", HOLDER));

        assertThat(store.removeBox(address("jean.dupont@chu.example"))).isTrue();
        assertThat(store.removeBox(address("jean.dupont@chu.example"))).isFalse();
        assertThat(store.box(address("jean.dupont@chu.example"))).isEmpty();
    }

    @Test
    void countBoxes() {
        assertThat(store.countBoxes()).isZero();
        givenPeopleAndStructures();
        store.putBox(per("a@chu.example", HOLDER));
        store.putBox(per("b@chu.example", HOLDER));
        store.putBox(org("c@chu.example", CHU, RESPONSIBLE, Set.of()));

        assertThat(store.countBoxes()).isEqualTo(3);
    }

    // Removals

    @Test
    void aProfessionalIsRemovedOnlyOnceNoBoxRefersToThem() {
        givenPeopleAndStructures();
        store.putBox(per("jean.dupont@chu.example", HOLDER));
        store.putBox(org("cardio@chu.example", CHU, RESPONSIBLE, Set.of(MEMBER)));

        assertRefused(() -> store.removeProfessional(HOLDER), Reason.CONFLICT, "professional " + HOLDER.value()
                + " cannot be removed: box jean.dupont@chu.example refers to it");
        assertRefused(() -> store.removeProfessional(RESPONSIBLE), Reason.CONFLICT, "professional "
                + RESPONSIBLE.value() + " cannot be removed: box cardio@chu.example refers to it");
        assertRefused(() -> store.removeProfessional(MEMBER), Reason.CONFLICT, "professional " + MEMBER.value()
                + " cannot be removed: box cardio@chu.example refers to it");

        store.removeBox(address("jean.dupont@chu.example"));
        assertThat(store.removeProfessional(HOLDER)).isTrue();
        assertThat(store.removeProfessional(HOLDER)).isFalse();
        assertThat(store.professional(HOLDER)).isEmpty();
    }

    @Test
    void aRefusedRemovalNamesAFewOfTheBoxes() {
        givenPeopleAndStructures();
        for (String name : List.of("e", "d", "c", "b", "a")) {
            store.putBox(org(name + "@chu.example", CHU, RESPONSIBLE, Set.of()));
        }

        assertThatThrownBy(() -> store.removeStructure(CHU)).isInstanceOfSatisfying(DirectoryRefusal.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CONFLICT);
            assertThat(e.getMessage()).startsWith("structure FINESS " + CHU.number() + " cannot be removed: boxes ")
                    .endsWith(" and more refer to it");
        });
    }

    @Test
    void aStructureIsRemovedOnlyOnceNoBoxRefersToIt() {
        givenPeopleAndStructures();
        store.putBox(org("cardio@chu.example", CHU, RESPONSIBLE, Set.of()));

        assertRefused(() -> store.removeStructure(CHU), Reason.CONFLICT, "structure FINESS " + CHU.number()
                + " cannot be removed: box cardio@chu.example refers to it");

        assertThat(store.removeStructure(PHARMACY)).isTrue();
        assertThat(store.removeStructure(PHARMACY)).isFalse();
        store.removeBox(address("cardio@chu.example"));
        assertThat(store.removeStructure(CHU)).isTrue();
    }

    // Patients

    @Test
    void patientsRoundTripEveryFieldWithDispensingsInDateOrder() {
        givenPeopleAndStructures();
        Ins ins = ins(1);
        Dispensing later = dispensing(CHU, "2026-02-10");
        Dispensing earlier = dispensing(PHARMACY, "2025-12-01");
        Patient patient = new Patient(ins, "Gérard-Lâm", "Anaïs Éloïse", Optional.of(LocalDate.of(1985, 5, 12)),
                PatientAddress.of(ins, DOMAIN), BoxStatus.ACTIVE, CREATED, List.of(later, earlier));

        assertThat(store.putPatient(patient)).isEqualTo(WriteOutcome.ADDED);

        assertThat(store.patient(ins)).contains(new Patient(ins, "Gérard-Lâm", "Anaïs Éloïse",
                Optional.of(LocalDate.of(1985, 5, 12)), PatientAddress.of(ins, DOMAIN), BoxStatus.ACTIVE, CREATED,
                List.of(earlier, later)));
        assertThat(store.putPatient(patient)).isEqualTo(WriteOutcome.UNCHANGED);
    }

    @Test
    void aPatientIsReplacedWholeCreationDateIncluded() throws Exception {
        givenPeopleAndStructures();
        Ins ins = ins(1);
        store.putPatient(patient(ins, List.of()));
        Patient replaced = new Patient(ins, "Martin", "Léa", Optional.empty(), PatientAddress.of(ins, DOMAIN),
                BoxStatus.SUSPENDED, Instant.parse("2027-06-01T00:00:00Z"),
                List.of(dispensing(PHARMACY, "2026-01-05")));

        assertThat(store.putPatient(replaced)).isEqualTo(WriteOutcome.UPDATED);

        assertThat(store.patient(ins)).contains(replaced);
        Entry entry = rawEntry("cadIns=" + ins.matricule() + ",ou=patients,o=caducee");
        assertThat(entry.hasAttribute("cadBirthDate")).isFalse();
        assertThat(entry.getAttributeValue("mail")).isEqualTo(ins.matricule() + "@patient." + DOMAIN);
    }

    @Test
    void aPatientsDispensingsMustBeAtKnownStructures() {
        givenPeopleAndStructures();
        Ins ins = ins(1);

        assertRefused(() -> store.putPatient(patient(ins, List.of(dispensing(UNKNOWN_STRUCTURE, "2026-01-05")))),
                Reason.UNKNOWN_REFERENCE, "patient " + ins + ": dispensing structure FINESS "
                        + UNKNOWN_STRUCTURE.number() + " is not in the directory");
        assertThat(store.patient(ins)).isEmpty();
    }

    @Test
    void addDispensingRecordsOnceForAKnownPatientAtAKnownStructure() {
        givenPeopleAndStructures();
        Ins ins = ins(1);
        store.putPatient(patient(ins, List.of()));
        Dispensing d = dispensing(PHARMACY, "2026-03-01");

        store.addDispensing(ins, d);
        store.addDispensing(ins, d);

        assertThat(store.patient(ins).orElseThrow().dispensings()).containsExactly(d);
        assertRefused(() -> store.addDispensing(ins(2), d), Reason.NOT_FOUND,
                "patient " + ins(2) + " is not in the directory");
        assertRefused(() -> store.addDispensing(ins, dispensing(UNKNOWN_STRUCTURE, "2026-03-01")),
                Reason.UNKNOWN_REFERENCE, "patient " + ins + ": dispensing structure FINESS "
                        + UNKNOWN_STRUCTURE.number() + " is not in the directory");
    }

    // Representatives

    @Test
    void aParentRecordedOnTheChildsEntryIsReadBackBothWays() {
        givenPeopleAndStructures();
        Ins child = ins(1);
        Ins mother = ins(2);
        Ins father = ins(3);
        for (Ins ins : List.of(child, mother, father)) {
            store.putPatient(patient(ins, List.of()));
        }

        assertThat(store.addRepresentative(child, father)).isTrue();
        assertThat(store.addRepresentative(child, mother)).isTrue();
        assertThat(store.addRepresentative(child, mother)).isFalse();

        assertThat(store.representativesOf(child)).containsExactly(mother, father);
        assertThat(store.representedBy(mother)).containsExactly(store.patient(child).orElseThrow());
        assertThat(store.representedBy(child)).isEmpty();
        assertThat(store.representativesOf(mother)).isEmpty();
    }

    @Test
    void aRemovedRepresentativeNoLongerRepresentsAndRemovingTwiceSaysSo() {
        givenPeopleAndStructures();
        Ins child = ins(1);
        Ins mother = ins(2);
        store.putPatient(patient(child, List.of()));
        store.putPatient(patient(mother, List.of()));
        store.addRepresentative(child, mother);

        assertThat(store.removeRepresentative(child, mother)).isTrue();
        assertThat(store.removeRepresentative(child, mother)).isFalse();

        assertThat(store.representativesOf(child)).isEmpty();
        assertThat(store.representedBy(mother)).isEmpty();
    }

    @Test
    void aRepresentativeIsAnotherKnownPatientOfAKnownPatient() {
        givenPeopleAndStructures();
        Ins child = ins(1);
        store.putPatient(patient(child, List.of()));

        assertRefused(() -> store.addRepresentative(child, child), Reason.INVALID,
                "patient " + child + ": a patient cannot be their own legal representative");
        assertRefused(() -> store.addRepresentative(child, ins(2)), Reason.UNKNOWN_REFERENCE,
                "patient " + child + ": representative " + ins(2) + " is not a patient in the directory");
        assertRefused(() -> store.addRepresentative(ins(3), child), Reason.NOT_FOUND,
                "patient " + ins(3) + " is not in the directory");
        assertRefused(() -> store.removeRepresentative(ins(3), child), Reason.NOT_FOUND,
                "patient " + ins(3) + " is not in the directory");
        assertThat(store.representativesOf(child)).isEmpty();
        assertThat(store.representativesOf(ins(3))).isEmpty();
    }

    @Test
    void aPutOfThePatientKeepsTheirRepresentatives() {
        givenPeopleAndStructures();
        Ins child = ins(1);
        Ins mother = ins(2);
        store.putPatient(patient(child, List.of()));
        store.putPatient(patient(mother, List.of()));
        store.addRepresentative(child, mother);

        store.putPatient(new Patient(child, "Autre", "Nom", Optional.empty(), PatientAddress.of(child, DOMAIN),
                BoxStatus.SUSPENDED, CREATED, List.of()));

        assertThat(store.representativesOf(child)).containsExactly(mother);
        assertThat(store.representedBy(mother)).extracting(Patient::lastName).containsExactly("Autre");
    }

    @Test
    void aRepresentativeValueThatIsNotAnInsIsIgnored() throws Exception {
        givenPeopleAndStructures();
        Ins child = ins(1);
        Ins mother = ins(2);
        store.putPatient(patient(child, List.of()));
        store.putPatient(patient(mother, List.of()));
        store.addRepresentative(child, mother);
        raw().modify("cadIns=" + child.matricule() + ",ou=patients,o=caducee",
                new com.unboundid.ldap.sdk.Modification(com.unboundid.ldap.sdk.ModificationType.ADD,
                        "cadRepresentative", "not-an-ins"));

        assertThat(store.representativesOf(child)).containsExactly(mother);
    }

    // Passwords

    @Test
    void passwordHashesOfBoxesAndPatients() {
        givenPeopleAndStructures();
        Box box = per("jean.dupont@chu.example", HOLDER);
        store.putBox(box);
        Patient patient = patient(ins(1), List.of());
        store.putPatient(patient);

        assertThat(store.passwordHash(box.address())).isEmpty();
        store.setPasswordHash(box.address(), "{PBKDF2-SHA512}box");
        store.setPasswordHash(patient.boxAddress(), "{PBKDF2-SHA512}patient");
        store.setPasswordHash(box.address(), "{PBKDF2-SHA512}box-2");

        assertThat(store.passwordHash(box.address())).contains("{PBKDF2-SHA512}box-2");
        assertThat(store.passwordHash(patient.boxAddress())).contains("{PBKDF2-SHA512}patient");
        assertThat(store.box(box.address())).contains(box);
    }

    @Test
    void unknownLoginsHaveNoPasswordAndGetNone() {
        givenPeopleAndStructures();
        Patient patient = patient(ins(1), List.of());
        store.putPatient(patient);
        store.setPasswordHash(patient.boxAddress(), "{PBKDF2-SHA512}patient");
        BoxAddress otherOperator = address(ins(1).matricule() + "@patient.other.example");

        assertThat(store.passwordHash(address("nobody@chu.example"))).isEmpty();
        assertThat(store.passwordHash(otherOperator)).isEmpty();
        assertThat(store.passwordHash(address("not-an-ins@patient." + DOMAIN))).isEmpty();
        assertRefused(() -> store.setPasswordHash(address("nobody@chu.example"), "{X}y"), Reason.NOT_FOUND,
                "login nobody@chu.example is not in the directory");
        assertRefused(() -> store.setPasswordHash(otherOperator, "{X}y"), Reason.NOT_FOUND,
                "login " + otherOperator + " is not in the directory");
        assertRefused(() -> store.setPasswordHash(patient.boxAddress(), " "), Reason.INVALID,
                "password of " + patient.boxAddress() + ": the hash is empty");
        assertThat(store.passwordHash(patient.boxAddress())).contains("{PBKDF2-SHA512}patient");
    }

    // Listings

    @Test
    void pagingOverAThousandBoxesReturnsEveryBoxOnceInOrder() {
        givenPeopleAndStructures();
        List<String> addresses = IntStream.range(0, 1050).mapToObj(i -> "box" + i + "@chu.example")
                .collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
        Collections.shuffle(addresses, new Random(7));
        addresses.forEach(a -> store.putBox(per(a, HOLDER)));
        Collections.sort(addresses);

        assertThat(walk(limit -> after -> store.boxes(after.map(Fixtures::address), limit), 100, b -> b.address()
                .address())).isEqualTo(addresses);
        assertThat(walk(limit -> after -> store.boxes(after.map(Fixtures::address), limit), 1000, b -> b.address()
                .address())).isEqualTo(addresses);
    }

    @Test
    void aPageStartsAfterTheGivenKeyWhetherOrNotItExists() {
        givenPeopleAndStructures();
        for (String name : List.of("a", "b", "d", "e")) {
            store.putBox(per(name + "@chu.example", HOLDER));
        }

        assertThat(store.boxes(Optional.of(address("b@chu.example")), 10)).extracting(b -> b.address().address())
                .containsExactly("d@chu.example", "e@chu.example");
        assertThat(store.boxes(Optional.of(address("c@chu.example")), 1)).extracting(b -> b.address().address())
                .containsExactly("d@chu.example");
        assertThat(store.boxes(Optional.of(address("z@chu.example")), 10)).isEmpty();
        assertThat(store.boxes(Optional.empty(), 0)).isEmpty();
        assertThatThrownBy(() -> store.boxes(Optional.empty(), -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aListingSeesTheStoresOwnWritesAtOnce() {
        givenPeopleAndStructures();
        store.putBox(per("a@chu.example", HOLDER));
        store.putBox(per("c@chu.example", HOLDER));
        assertThat(store.boxes(Optional.empty(), 1)).hasSize(1);

        store.putBox(per("b@chu.example", HOLDER));
        store.removeBox(address("c@chu.example"));

        assertThat(store.boxes(Optional.of(address("a@chu.example")), 10)).extracting(b -> b.address().address())
                .containsExactly("b@chu.example");
    }

    @Test
    void professionalsStructuresAndPatientsArePagedInKeyOrder() {
        List<IdNat> ids = IntStream.range(1, 26).mapToObj(Fixtures::idNat).toList();
        ids.forEach(id -> store.putProfessional(new Professional(id, "", "Nom", "", "", "", "", "")));
        List<Finess> finesses = IntStream.range(1, 26).mapToObj(Fixtures::finess).toList();
        finesses.forEach(id -> store.putStructure(structure(id)));
        store.putStructure(structure(SIRET));
        List<Ins> patients = IntStream.range(1, 26).mapToObj(Fixtures::ins).toList();
        patients.forEach(i -> store.putPatient(patient(i, List.of())));

        assertThat(walk(limit -> after -> store.professionals(after.map(IdNat::parse), limit), 10,
                p -> p.idNat().value())).isEqualTo(ids.stream().map(IdNat::value).sorted().toList());
        List<String> structureKeys = new ArrayList<>(finesses.stream().map(Finess::nationalId).toList());
        structureKeys.add(SIRET.nationalId());
        Collections.sort(structureKeys);
        assertThat(walk(limit -> after -> store.structures(after.map(StructureId::parseNational), limit), 7,
                s -> s.id().nationalId())).isEqualTo(structureKeys);
        assertThat(walk(limit -> after -> store.patients(after.map(Ins::parse), limit), 10,
                p -> p.ins().matricule())).isEqualTo(patients.stream().map(Ins::matricule).sorted().toList());
    }

    /** Walks a listing page by page, checking each page's size, and returns the keys seen. */
    static <T> List<String> walk(Function<Integer, Function<Optional<String>, List<T>>> listing, int limit,
                                 Function<T, String> key) {
        List<String> seen = new ArrayList<>();
        Optional<String> after = Optional.empty();
        while (true) {
            List<T> page = listing.apply(limit).apply(after);
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            if (page.isEmpty()) {
                return seen;
            }
            page.forEach(item -> seen.add(key.apply(item)));
            after = Optional.of(key.apply(page.get(page.size() - 1)));
        }
    }

    // Entries edited by hand

    @Test
    void anEntryThatIsNotAValidRecordIsTreatedAsAbsent() throws Exception {
        givenPeopleAndStructures();
        store.putBox(per("a@chu.example", HOLDER));
        store.putBox(per("c@chu.example", HOLDER));
        raw().add("dn: mail=b@chu.example,ou=boxes,o=caducee", "objectClass: top", "objectClass: cadBox",
                "mail: b@chu.example", "cadBoxType: XYZ", "cadStatus: active", "cadCreated: 20260101000000Z",
                "cadIdNat: " + HOLDER.value());
        raw().add("dn: mail=not an address,ou=boxes,o=caducee", "objectClass: top", "objectClass: cadBox",
                "mail: not an address", "cadBoxType: PER", "cadStatus: active", "cadCreated: 20260101000000Z");
        raw().add("dn: cadIdNat=123,ou=professionals,o=caducee", "objectClass: top",
                "objectClass: cadProfessional", "cadIdNat: 123", "sn: Bad");

        assertThat(store.box(address("b@chu.example"))).isEmpty();
        assertThat(store.boxes(Optional.empty(), 10)).extracting(b -> b.address().address())
                .containsExactly("a@chu.example", "c@chu.example");
        assertThat(store.boxes(Optional.empty(), 2)).extracting(b -> b.address().address())
                .containsExactly("a@chu.example", "c@chu.example");
        assertThat(store.boxesOf(HOLDER)).extracting(b -> b.address().address())
                .containsExactly("a@chu.example", "c@chu.example");
        assertThat(store.professionals(Optional.empty(), 10)).hasSize(3);
        assertThat(store.countBoxes()).isEqualTo(4);
        assertThat(store.unusableEntries()).isPositive();
    }

    @Test
    void aPutRepairsAnEntryEditedByHand() throws Exception {
        givenPeopleAndStructures();
        raw().add("dn: mail=b@chu.example,ou=boxes,o=caducee", "objectClass: top", "objectClass: cadBox",
                "mail: b@chu.example", "cadBoxType: XYZ", "cadStatus: paused", "cadCreated: 20260101000000Z");
        Box box = per("b@chu.example", HOLDER);

        assertThat(store.putBox(box)).isEqualTo(WriteOutcome.UPDATED);

        // The valid creation date stays.
        assertThat(store.box(box.address())).contains(new Box(box.address(), BoxType.PER, Optional.of(HOLDER),
                Optional.empty(), Optional.empty(), Set.of(), false, BoxStatus.ACTIVE,
                Instant.parse("2026-01-01T00:00:00Z"), "", ""));
    }

    @Test
    void aCreationDateWrittenInAnotherFormIsKeptAsItIs() throws Exception {
        givenPeopleAndStructures();
        raw().add("dn: mail=b@chu.example,ou=boxes,o=caducee", "objectClass: top", "objectClass: cadBox",
                "mail: b@chu.example", "cadBoxType: PER", "cadStatus: active", "cadCreated: 20250101120000Z",
                "cadIdNat: " + HOLDER.value(), "cadListeRouge: FALSE");

        assertThat(store.putBox(per("b@chu.example", HOLDER))).isEqualTo(WriteOutcome.UNCHANGED);
        assertThat(store.box(address("b@chu.example")).orElseThrow().created())
                .isEqualTo(Instant.parse("2025-01-01T12:00:00Z"));
    }

    // Concurrency

    @Test
    void twoWritersPuttingTheSameBoxEndAsOneAddition() throws Exception {
        givenPeopleAndStructures();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 25; round++) {
                Box box = per("race" + round + "@chu.example", HOLDER);
                Box other = round % 2 == 0 ? box : box.withStatus(BoxStatus.SUSPENDED);
                CountDownLatch start = new CountDownLatch(1);
                Future<WriteOutcome> first = threads.submit(await(start, () -> store.putBox(box)));
                Future<WriteOutcome> second = threads.submit(await(start, () -> store.putBox(other)));
                start.countDown();

                List<WriteOutcome> outcomes = List.of(first.get(), second.get());

                assertThat(outcomes).containsExactlyInAnyOrder(WriteOutcome.ADDED,
                        round % 2 == 0 ? WriteOutcome.UNCHANGED : WriteOutcome.UPDATED);
                assertThat(store.box(box.address())).isPresent();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static <T> Callable<T> await(CountDownLatch start, Callable<T> work) {
        return () -> {
            start.await();
            return work.call();
        };
    }
}
