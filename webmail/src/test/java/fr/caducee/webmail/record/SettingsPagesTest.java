package fr.caducee.webmail.record;

import static fr.caducee.webmail.mail.FakePorts.DR_MARTIN;
import static fr.caducee.webmail.mail.FakePorts.LEA;
import static fr.caducee.webmail.mail.FakePorts.PAUL;
import static fr.caducee.webmail.mail.FakePorts.get;
import static fr.caducee.webmail.mail.FakePorts.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.rules.Rule;
import fr.caducee.webmail.mail.FakePorts;
import fr.caducee.webmail.mail.Refusal;
import fr.caducee.webmail.mail.Who;
import fr.caducee.webmail.port.Viewer;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.WebRefusal;

class SettingsPagesTest {
    private static final IdNat MARTIN = IdNat.parse("810000005479");
    private static final IdNat ADELI = IdNat.parse("0751234567");

    private final FakePorts ports = new FakePorts();
    private final SettingsPages pages = new SettingsPages(ports.services());

    SettingsPagesTest() {
        ports.record.directory.put(MARTIN, DR_MARTIN);
    }

    @Test
    void pathsOfOtherPagesAndWrongMethodsAreLeftToOthers() throws WebRefusal {
        assertThat(pages.answer(get("/conversations"))).isEmpty();
        assertThat(pages.answer(post("/reglages", Map.of()))).isEmpty();
        assertThat(pages.answer(get("/reglages/urgence"))).isEmpty();
        assertThat(pages.answer(post("/reglages/autre", Map.of()))).isEmpty();
    }

    @Test
    void theSettingsPageShowsTheChoicesTheBlockedAndTheNotificationAddress() throws WebRefusal {
        ports.record.emergencyAllowed = false;
        ports.record.blocked.put(MARTIN, DR_MARTIN);
        ports.preferences.addresses.put(PAUL.boxAddress().address(), "paul.durand@exemple.fr");

        Answer.Page page = page(pages.answer(get("/reglages")).orElseThrow());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.template()).isEqualTo("reglages");
        assertThat(page.variables()).containsEntry("emergencyAllowed", false)
            .containsEntry("blocked", List.of(new SettingsPages.Blocked("810000005479", Who.of(DR_MARTIN))))
            .containsEntry("notifyAddress", "paul.durand@exemple.fr")
            .containsEntry("idnat", "")
            .doesNotContainKey("refusal");
        assertThat(ports.audit).isEmpty();
    }

    @Test
    void emergencyAccessIsRefusedAndAllowedAgainEachTimeAuditedWithANotice() throws WebRefusal {
        Answer refused = pages.answer(post("/reglages/urgence", Map.of("autoriser", List.of("non")))).orElseThrow();

        assertThat(ports.record.emergencyAllowed).isFalse();
        assertThat(refused).isInstanceOfSatisfying(Answer.Redirect.class, redirect -> {
            assertThat(redirect.path()).isEqualTo("/reglages");
            assertThat(redirect.notice()).startsWith("L'accès en urgence au dossier est refusé");
        });

        pages.answer(post("/reglages/urgence", Map.of("autoriser", List.of("oui"))));

        assertThat(ports.record.emergencyAllowed).isTrue();
        assertThat(ports.audit).extracting(AuditRecord::reason).containsExactly(
            "POST /reglages/urgence: emergency access refused", "POST /reglages/urgence: emergency access allowed");
        assertThat(ports.audit).allSatisfy(record -> {
            assertThat(record.decision()).isEqualTo(Decision.WEBMAIL_ACTION);
            assertThat(record.rule()).isEqualTo(Rule.WEBMAIL_SETTINGS_CHANGED.id());
            assertThat(record.login()).isEqualTo(PAUL.boxAddress().address());
        });
    }

    @Test
    void anEmergencyChoiceOtherThanYesOrNoChangesNothing() throws WebRefusal {
        ports.record.emergencyAllowed = false;

        for (Map<String, List<String>> form : List.of(Map.<String, List<String>>of(), Map.of("autoriser", List.of("peut-être")),
                Map.of("autoriser", List.of("oui", "non")))) {
            Answer.Page page = page(pages.answer(post("/reglages/urgence", form)).orElseThrow());
            assertThat(page.status()).isEqualTo(400);
            assertThat(((Refusal) page.variables().get("refusal")).rule()).isEqualTo(Rule.WEBMAIL_FORM_INVALID.id());
        }
        assertThat(ports.record.emergencyAllowed).isFalse();
        assertThat(ports.audit).extracting(AuditRecord::decision).containsOnly(Decision.REFUSED);
    }

    @Test
    void aProfessionalIsBlockedByTheNumberOnTheirPrescriptions() throws WebRefusal {
        Answer answer = pages.answer(post("/reglages/bloquer", Map.of("idnat", List.of(" 1000 000 5479 ")))).orElseThrow();

        assertThat(ports.record.blocked).containsOnlyKeys(MARTIN);
        assertThat(answer).isEqualTo(new Answer.Redirect("/reglages",
            "Blocage enregistré : Dr Marie Martin ne peut plus consulter le dossier."));
        assertThat(ports.audit).singleElement().satisfies(record -> {
            assertThat(record.rule()).isEqualTo(Rule.WEBMAIL_SETTINGS_CHANGED.id());
            assertThat(record.reason()).isEqualTo("POST /reglages/bloquer: blocked 810000005479");
        });
    }

    @Test
    void theIdNatFormAndAnAdeliNumberAreTakenToo() throws WebRefusal {
        assertThat(SettingsPages.typedIdNat("810000005479")).isEqualTo(MARTIN);
        assertThat(SettingsPages.typedIdNat("751234567")).isEqualTo(ADELI);
        assertThat(SettingsPages.typedIdNat("0751234567")).isEqualTo(ADELI);
    }

    @Test
    void aNumberThatIsNoRppsNorAdeliIsRefusedWithWhatWasTypedKept() throws WebRefusal {
        Answer.Page page = page(pages.answer(post("/reglages/bloquer", Map.of("idnat", List.of("10000005478")))).orElseThrow());

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.variables()).containsEntry("idnat", "10000005478");
        Refusal refusal = (Refusal) page.variables().get("refusal");
        assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_FORM_INVALID.id());
        assertThat(refusal.lead()).contains("n'est pas un numéro RPPS");
        assertThat(ports.record.blocked).isEmpty();
        assertThat(ports.audit).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.reason()).isEqualTo("400 POST /reglages/bloquer");
        });
    }

    @Test
    void aProfessionalTheDirectoryDoesNotKnowIsSaidSo() throws WebRefusal {
        Answer.Page page = page(pages.answer(post("/reglages/bloquer", Map.of("idnat", List.of("10000012343")))).orElseThrow());

        assertThat(((Refusal) page.variables().get("refusal")).lead())
            .startsWith("Aucun professionnel de santé n'a le numéro 10000012343 dans l'annuaire");
        assertThat(ports.record.blocked).isEmpty();
    }

    @Test
    void aBlockedProfessionalIsUnblockedByName() throws WebRefusal {
        ports.record.blocked.put(MARTIN, DR_MARTIN);

        Answer answer = pages.answer(post("/reglages/debloquer", Map.of("idnat", List.of("810000005479")))).orElseThrow();

        assertThat(ports.record.blocked).isEmpty();
        assertThat(((Answer.Redirect) answer).notice()).startsWith("Blocage levé : Dr Marie Martin peut de nouveau");
        assertThat(ports.audit).extracting(AuditRecord::reason).containsExactly("POST /reglages/debloquer: unblocked 810000005479");
    }

    @Test
    void anUnreadableUnblockChangesNothing() throws WebRefusal {
        ports.record.blocked.put(MARTIN, DR_MARTIN);

        Answer.Page page = page(pages.answer(post("/reglages/debloquer", Map.of("idnat", List.of("x")))).orElseThrow());

        assertThat(page.status()).isEqualTo(400);
        assertThat(ports.record.blocked).containsOnlyKeys(MARTIN);
    }

    @Test
    void theNotificationAddressIsSetForTheOpenBoxAndRemovedWhenEmpty() throws WebRefusal {
        Answer set = pages.answer(post("/reglages/notifications", Map.of("adresse", List.of(" Paul.Durand@Exemple.FR ")))).orElseThrow();

        assertThat(ports.preferences.addresses).containsEntry(PAUL.boxAddress().address(), "Paul.Durand@exemple.fr");
        assertThat(((Answer.Redirect) set).notice()).isEqualTo("Les avis seront envoyés à Paul.Durand@exemple.fr.");

        Answer removed = pages.answer(post("/reglages/notifications", Map.of("adresse", List.of("")))).orElseThrow();

        assertThat(ports.preferences.addresses).isEmpty();
        assertThat(((Answer.Redirect) removed).notice()).isEqualTo("Vous ne recevrez plus d'avis par e-mail.");
        assertThat(ports.audit).extracting(AuditRecord::reason).containsExactly(
            "POST /reglages/notifications: notification address set",
            "POST /reglages/notifications: notification address removed");
    }

    @Test
    void aRepresentativeSetsTheAddressOfTheChildsBox() throws WebRefusal {
        pages.answer(FakePorts.as(new Viewer(PAUL, LEA), post("/reglages/notifications",
            Map.of("adresse", List.of("parent@exemple.fr")))));

        assertThat(ports.preferences.addresses).containsOnlyKeys(LEA.boxAddress().address());
    }

    @Test
    void anAddressThatIsNotOneIsRefusedKeptInTheFormAndNothingChanges() throws WebRefusal {
        ports.preferences.addresses.put(PAUL.boxAddress().address(), "paul@exemple.fr");

        Answer.Page page = page(pages.answer(post("/reglages/notifications",
            Map.of("adresse", List.of("paul@exemple.fr\r\nBcc: x@y.fr")))).orElseThrow());

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.variables()).containsEntry("notifyAddress", "paul@exemple.fr\r\nBcc: x@y.fr");
        assertThat(ports.preferences.addresses).containsEntry(PAUL.boxAddress().address(), "paul@exemple.fr");
    }

    private static Answer.Page page(Answer answer) {
        assertThat(answer).isInstanceOf(Answer.Page.class);
        return (Answer.Page) answer;
    }
}
