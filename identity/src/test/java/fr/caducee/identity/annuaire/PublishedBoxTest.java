package fr.caducee.identity.annuaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Professional;

class PublishedBoxTest {
    static final IdNat DOCTOR = IdNat.parse("810000005479");
    static final Finess HOSPITAL = Finess.parse("123456782");
    static final Professional MARTIN = new Professional(DOCTOR, "DR", "MARTIN", "Claire", "10", "Médecin", "", "");

    static Box box(String address, BoxType type, Optional<IdNat> professional, Optional<Finess> structure,
                   Optional<IdNat> responsible, boolean listeRouge, String service) {
        return new Box(BoxAddress.parse(address), type, professional, structure.map(f -> f), responsible, Set.of(),
            listeRouge, BoxStatus.ACTIVE, Instant.EPOCH, service, "");
    }

    @Test
    void aPerBoxIsPublishedOnItsHoldersPractitionerWithItsListeRougeFlag() {
        PublishedBox published = PublishedBox.of(box("claire.martin@chu.mssante.fr", BoxType.PER, Optional.of(DOCTOR),
            Optional.empty(), Optional.empty(), true, ""), Optional.empty());

        assertThat(published.carrier()).isEqualTo(Carrier.practitioner(DOCTOR));
        assertThat(published.listeRouge()).isTrue();
        assertThat(published.service()).isEmpty();
        assertThat(published.responsible()).isEmpty();
        assertThat(published.description()).isEmpty();
    }

    @Test
    void aPerBoxAttachedToAStructureIsPublishedOnThePractitionerRole() {
        PublishedBox published = PublishedBox.of(box("claire.martin@chu.mssante.fr", BoxType.PER, Optional.of(DOCTOR),
            Optional.of(HOSPITAL), Optional.empty(), false, "Cardiologie"), Optional.empty());

        assertThat(published.carrier()).isEqualTo(Carrier.practitionerRole(DOCTOR, HOSPITAL));
        assertThat(published.service()).as("a PER box has no service in the Annuaire's model").isEmpty();
    }

    @Test
    void aCabBoxIsPublishedOnItsHoldersPractitioner() {
        PublishedBox published = PublishedBox.of(box("cabinet@cab.mssante.fr", BoxType.CAB, Optional.of(DOCTOR),
            Optional.of(HOSPITAL), Optional.empty(), false, ""), Optional.empty());

        assertThat(published.carrier()).isEqualTo(Carrier.practitioner(DOCTOR));
    }

    @Test
    void anOrgBoxIsPublishedOnItsStructureWithItsServiceAndItsResponsibleByName() {
        PublishedBox published = PublishedBox.of(box("cardiologie@chu.mssante.fr", BoxType.ORG, Optional.empty(),
            Optional.of(HOSPITAL), Optional.of(DOCTOR), false, "Cardiologie"), Optional.of(MARTIN));

        assertThat(published.carrier()).isEqualTo(Carrier.organization(HOSPITAL));
        assertThat(published.service()).contains("Cardiologie");
        assertThat(published.responsible()).contains("Claire MARTIN (idNat 810000005479)");
    }

    @Test
    void aResponsibleTheDirectoryCannotNameIsGivenByTheirIdNat() {
        PublishedBox published = PublishedBox.of(box("cardiologie@chu.mssante.fr", BoxType.ORG, Optional.empty(),
            Optional.of(HOSPITAL), Optional.of(DOCTOR), false, ""), Optional.empty());

        assertThat(published.responsible()).contains("idNat 810000005479");
        assertThat(published.service()).isEmpty();
    }

    @Test
    void anAppBoxIsPublishedOnItsStructure() {
        PublishedBox published = PublishedBox.of(box("dpi@chu.mssante.fr", BoxType.APP, Optional.empty(),
            Optional.of(HOSPITAL), Optional.empty(), false, "Admissions"), Optional.empty());

        assertThat(published.carrier()).isEqualTo(Carrier.organization(HOSPITAL));
        assertThat(published.service()).contains("Admissions");
    }
}
