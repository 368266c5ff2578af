package fr.caducee.identity.annuaire;

import static fr.caducee.identity.annuaire.AnsGuide.openApi;
import static fr.caducee.identity.annuaire.AnsGuide.page;
import static fr.caducee.identity.annuaire.AnsGuide.withTypeAsDefined;
import static fr.caducee.identity.annuaire.AnsGuide.withTypeSystemAsDefinedAndNoRank;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;

/**
 * Our requests for the boxes of the guide's examples, compared with the guide's own (the files under
 * src/test/resources/annuaire/ans/, verbatim): the body as JSON, the request line where the guide writes ours.
 */
class BoxPatchTest {
    static final String PAGE = "spec-technique-flux-alimentation.md";
    static final BoxAddress GUIDE_PER = BoxAddress.parse("prenom.nom@domain.mssante.fr");
    static final BoxAddress GUIDE_ORG = BoxAddress.parse("structure@domain.mssante.fr");
    /** The guide's idNats (800012345678...) fail the RPPS's Luhn key, which IdNat checks: a valid one stands in. */
    static final IdNat RPPS = IdNat.parse("810000005479");
    static final Finess FINESS = Finess.parse("123456782");

    static PublishedBox per(boolean listeRouge) {
        return new PublishedBox(GUIDE_PER, BoxType.PER, Carrier.practitioner(RPPS), listeRouge, Optional.empty(),
            Optional.empty(), Optional.empty());
    }

    static PublishedBox cab(boolean listeRouge) {
        return new PublishedBox(GUIDE_PER, BoxType.CAB, Carrier.practitioner(RPPS), listeRouge, Optional.empty(),
            Optional.empty(), Optional.empty());
    }

    static PublishedBox org(Optional<String> service, Optional<String> responsible) {
        return new PublishedBox(GUIDE_ORG, BoxType.ORG, Carrier.organization(FINESS), false,
            Optional.of("BAL principale de la structure"), service, responsible);
    }

    static JsonNode json(BoxPatch patch) throws Exception {
        return AnsGuide.JSON.readTree(patch.body());
    }

    @Test
    void aNewPerBoxIsTheGuidesInsertOnThePageOnWrites() throws Exception {
        assertThat(json(BoxPatch.insert(per(false)))).isEqualTo(withTypeAsDefined(page(PAGE, "ajout d'une BAL PER").body()));
    }

    @Test
    void aChangedPerBoxIsTheGuidesReplaceOfTheWholeTelecom() throws Exception {
        assertThat(json(BoxPatch.replace(per(true))))
            .isEqualTo(withTypeAsDefined(page(PAGE, "mise à jour de l'attribut telecom en entier").body()));
    }

    @Test
    void aRemovedPerBoxIsTheGuidesDeleteAsItIs() throws Exception {
        assertThat(json(BoxPatch.delete(Carrier.practitioner(RPPS), GUIDE_PER)))
            .isEqualTo(page(PAGE, "suppression d'une BAL PER").body());
    }

    @Test
    void aNewOrgBoxIsTheGuidesInsertByIdnatstruct() throws Exception {
        assertThat(json(BoxPatch.insert(org(Optional.empty(), Optional.empty()))))
            .isEqualTo(withTypeAsDefined(page(PAGE, "ajout d'une BAL ORG (conditional PATCH par idnatstruct)").body()));
    }

    @Test
    void theConditionalPatchOfAPractitionerIsTheGuidesRequestLine() {
        BoxPatch patch = BoxPatch.replace(per(true));
        AnsGuide.PageExample guide = page(PAGE, "conditional PATCH sur Practitioner (RPPS)");

        assertThat(BoxPatch.METHOD + " [base]/" + patch.carrier().shown())
            .isEqualTo(guide.requestLine().replace("800012345678", RPPS.value()));
        assertThat(guide.request()).contains("Content-Type: " + BoxPatch.CONTENT_TYPE);
        assertThat(patch.pathAndQuery()).isEqualTo("Practitioner?identifier=urn%3Aoid%3A1.2.250.1.71.4.2.1%7C810000005479");
    }

    @Test
    void perAndCabBoxesAreTheOpenApisExamplesOfTheConditionalPatchOfAPractitioner() throws Exception {
        assertThat(json(BoxPatch.insert(per(false))))
            .isEqualTo(withTypeSystemAsDefinedAndNoRank(openApi("/Practitioner", "insertBALPER")));
        assertThat(json(BoxPatch.replace(per(true))))
            .isEqualTo(withTypeSystemAsDefinedAndNoRank(openApi("/Practitioner", "replaceBALPERContactPoint")));
        assertThat(json(BoxPatch.delete(Carrier.practitioner(RPPS), GUIDE_PER)))
            .isEqualTo(openApi("/Practitioner", "deleteBALPER"));
        assertThat(json(BoxPatch.insert(cab(false))))
            .isEqualTo(withTypeSystemAsDefinedAndNoRank(openApi("/Practitioner", "insertBALCAB")));
        assertThat(json(BoxPatch.replace(cab(true))))
            .isEqualTo(withTypeSystemAsDefinedAndNoRank(openApi("/Practitioner", "replaceBALCABContactPoint")));
        assertThat(json(BoxPatch.delete(Carrier.practitioner(RPPS), GUIDE_PER)))
            .isEqualTo(openApi("/Practitioner", "deleteBALCAB"));
    }

    @Test
    void aPerBoxAtAStructureIsTheOpenApisExamplesOfThePractitionerRole() throws Exception {
        PublishedBox box = new PublishedBox(GUIDE_PER, BoxType.PER, Carrier.practitionerRole(RPPS, FINESS),
            false, Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(json(BoxPatch.insert(box)))
            .isEqualTo(withTypeSystemAsDefinedAndNoRank(openApi("/PractitionerRole", "insertBAL")));
        assertThat(json(BoxPatch.replace(box)))
            .isEqualTo(withTypeSystemAsDefinedAndNoRank(openApi("/PractitionerRole", "replaceContactPoint")));
        assertThat(json(BoxPatch.delete(box.carrier(), GUIDE_PER))).isEqualTo(openApi("/PractitionerRole", "deleteBAL"));
    }

    @Test
    void orgBoxesAreTheOpenApisExamplesOfTheConditionalPatchOfAnOrganization() throws Exception {
        assertThat(json(BoxPatch.insert(org(Optional.of("Service des admissions"), Optional.of("Responsable de la BAL")))))
            .isEqualTo(withTypeSystemAsDefinedAndNoRank(openApi("/Organization", "insertBAL")));
        assertThat(json(BoxPatch.replace(org(Optional.empty(), Optional.empty()))))
            .isEqualTo(withTypeSystemAsDefinedAndNoRank(openApi("/Organization", "replaceContactPoint")));
        assertThat(json(BoxPatch.delete(Carrier.organization(FINESS), GUIDE_ORG)))
            .isEqualTo(openApi("/Organization", "deleteBAL"));
    }

    @Test
    void aBoxIsCodedAsTheGuidesDataModelCodesIt() throws Exception {
        PublishedBox box = new PublishedBox(BoxAddress.parse("jean.dupont@medecin.mssante.fr"), BoxType.PER,
            Carrier.practitioner(RPPS), false, Optional.empty(), Optional.empty(), Optional.empty());

        assertThat(AnsGuide.JSON.readTree(BoxPatch.entryOf(box))).isEqualTo(AnsGuide.dataModelTelecom());
    }

    @Test
    void aDeleteAndAnInsertGoInOneRequestWhenWhetherTheAnnuaireHoldsTheBoxIsUnknown() throws Exception {
        JsonNode body = json(BoxPatch.reinsert(per(false)));

        assertThat(body.path("parameter")).hasSize(2);
        assertThat(body.path("parameter").get(0)).isEqualTo(json(BoxPatch.delete(Carrier.practitioner(RPPS), GUIDE_PER))
            .path("parameter").get(0));
        assertThat(body.path("parameter").get(1)).isEqualTo(json(BoxPatch.insert(per(false))).path("parameter").get(0));
    }

    @Test
    void aQuoteInAnAddressIsEscapedInTheFhirPath() {
        BoxAddress address = BoxAddress.parse("o'neil@domain.mssante.fr");

        assertThat(BoxPatch.element(Carrier.practitioner(RPPS), address))
            .isEqualTo("Practitioner.telecom.where(value = 'o\\'neil@domain.mssante.fr')");
    }

    @Test
    void theEntryOfABoxIsTheSameTextWheneverTheBoxIsTheSame() {
        assertThat(BoxPatch.insert(per(true)).entry()).isEqualTo(BoxPatch.replace(per(true)).entry())
            .isNotEqualTo(BoxPatch.replace(per(false)).entry());
        assertThat(BoxPatch.delete(Carrier.practitioner(RPPS), GUIDE_PER).entry()).isEmpty();
    }
}
