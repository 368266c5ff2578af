package fr.caducee.rules.patients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.Directory;
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

class PharmacistFirstContactTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final StructureId PHARMACY = StructureId.parse("750000028");
    private static final StructureId OTHER_PHARMACY = StructureId.parse("750000036");
    private static final IdNat PHARMACIST = IdNat.parse("810000012343");
    private static final IdNat DOCTOR = IdNat.parse("810000005479");
    private static final BoxAddress PHARMACY_BOX = BoxAddress.parse("pharmacie@caducee.test");
    private static final BoxAddress DOCTOR_BOX = BoxAddress.parse("dr.martin@caducee.test");

    private final Directory directory = mock(Directory.class);
    private final PharmacistFirstContact rule = new PharmacistFirstContact(directory, Clock.fixed(NOW, ZoneOffset.UTC));

    PharmacistFirstContactTest() {
        when(directory.findBox(PHARMACY_BOX)).thenReturn(Optional.of(box(PHARMACY_BOX, PHARMACIST, BoxStatus.ACTIVE)));
        when(directory.findBox(DOCTOR_BOX)).thenReturn(Optional.of(box(DOCTOR_BOX, DOCTOR, BoxStatus.ACTIVE)));
        when(directory.professional(PHARMACIST)).thenReturn(Optional.of(professional(PHARMACIST, "21")));
        when(directory.professional(DOCTOR)).thenReturn(Optional.of(professional(DOCTOR, "10")));
    }

    @Test
    void aDispensingTwelveMonthsAgoToTheDayShouldStillCount() {
        assertThat(rule.allows(patient(new Dispensing(PHARMACY, LocalDate.parse("2025-11-24"))), PHARMACY_BOX)).isTrue();
    }

    @Test
    void aDispensingTwelveMonthsAndOneDayAgoShouldNoLongerCount() {
        assertThat(rule.allows(patient(new Dispensing(PHARMACY, LocalDate.parse("2025-11-23"))), PHARMACY_BOX)).isFalse();
    }

    @Test
    void aDispensingAtAnotherPharmacyShouldNotCount() {
        assertThat(rule.allows(patient(new Dispensing(OTHER_PHARMACY, LocalDate.parse("2026-10-01"))), PHARMACY_BOX))
            .isFalse();
    }

    @Test
    void aDoctorsBoxShouldNeverBeWrittenToFirst() {
        when(directory.findBox(DOCTOR_BOX)).thenReturn(Optional.of(
            new Box(DOCTOR_BOX, BoxType.PER, Optional.of(DOCTOR), Optional.of(PHARMACY), Optional.empty(), Set.of(),
                false, BoxStatus.ACTIVE, NOW, "", "")));

        assertThat(rule.allows(patient(new Dispensing(PHARMACY, LocalDate.parse("2026-10-01"))), DOCTOR_BOX)).isFalse();
    }

    @Test
    void aSuspendedPharmacyBoxShouldNotBeWrittenTo() {
        when(directory.findBox(PHARMACY_BOX)).thenReturn(Optional.of(box(PHARMACY_BOX, PHARMACIST, BoxStatus.SUSPENDED)));

        assertThat(rule.allows(patient(new Dispensing(PHARMACY, LocalDate.parse("2026-10-01"))), PHARMACY_BOX)).isFalse();
    }

    @Test
    void anUnknownBoxShouldNotBeWrittenTo() {
        assertThat(rule.allows(patient(new Dispensing(PHARMACY, LocalDate.parse("2026-10-01"))),
            BoxAddress.parse("inconnu@caducee.test"))).isFalse();
    }

    private static Box box(BoxAddress address, IdNat holder, BoxStatus status) {
        return new Box(address, BoxType.PER, Optional.of(holder), Optional.of(PHARMACY), Optional.empty(), Set.of(),
            false, status, NOW, "", "");
    }

    private static Professional professional(IdNat idNat, String professionCode) {
        return new Professional(idNat, "", "Petit", "", professionCode, "", "", "");
    }

    private static Patient patient(Dispensing dispensing) {
        Ins ins = Ins.parse("146026322000196");
        return new Patient(ins, "Durand", "", Optional.empty(), PatientAddress.of(ins, "caducee.test"),
            BoxStatus.ACTIVE, NOW, List.of(dispensing));
    }
}
