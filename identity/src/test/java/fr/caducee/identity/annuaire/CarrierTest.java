package fr.caducee.identity.annuaire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Siret;

class CarrierTest {
    static final IdNat RPPS = IdNat.parse("810000005479");
    static final Finess FINESS = Finess.parse("123456782");
    static final Siret SIRET = Siret.parse("73282932000074");

    @Test
    void aProfessionalsBoxIsOnTheirPractitionerFoundByTheirIdNat() {
        assertThat(Carrier.practitioner(RPPS).shown())
            .isEqualTo("Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|810000005479");
    }

    @Test
    void aStructuresBoxIsOnItsOrganizationFoundByItsNationalStructureId() {
        assertThat(Carrier.organization(FINESS).shown())
            .isEqualTo("Organization?identifier=urn:oid:1.2.250.1.71.4.2.2|1123456782");
        assertThat(Carrier.organization(SIRET).shown())
            .isEqualTo("Organization?identifier=urn:oid:1.2.250.1.71.4.2.2|373282932000074");
    }

    @Test
    void aPerBoxAtAStructureIsOnThePractitionerRoleFoundByTheProfessionalAndTheFinessOrSiren() {
        assertThat(Carrier.practitionerRole(RPPS, FINESS).shown()).isEqualTo("PractitionerRole?practitioner.identifier="
            + "urn:oid:1.2.250.1.71.4.2.1|810000005479&organization.identifier=http://finess.sante.gouv.fr|123456782");
        assertThat(Carrier.practitionerRole(RPPS, SIRET).query())
            .containsEntry("organization.identifier", "http://sirene.fr|732829320");
    }

    @Test
    void theQueryIsPercentEncodedOnTheWire() {
        assertThat(Carrier.practitionerRole(RPPS, FINESS).pathAndQuery()).isEqualTo("PractitionerRole?practitioner."
            + "identifier=urn%3Aoid%3A1.2.250.1.71.4.2.1%7C810000005479&organization.identifier="
            + "http%3A%2F%2Ffiness.sante.gouv.fr%7C123456782");
    }

    @Test
    void whatIsShownIsReadBackAsTheSameCarrier() {
        for (Carrier carrier : new Carrier[] {Carrier.practitioner(RPPS), Carrier.organization(SIRET),
            Carrier.practitionerRole(RPPS, FINESS)}) {
            assertThat(Carrier.parse(carrier.shown())).isEqualTo(carrier);
        }
    }

    @Test
    void noOtherResourceCarriesABox() {
        assertThatThrownBy(() -> Carrier.parse("Patient?identifier=x")).hasMessageContaining("not by Patient");
        assertThatThrownBy(() -> Carrier.parse("Practitioner")).hasMessageContaining("not a resource");
    }
}
