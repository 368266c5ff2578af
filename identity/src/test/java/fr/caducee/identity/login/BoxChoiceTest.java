package fr.caducee.identity.login;

import static fr.caducee.identity.login.LoginDirectory.CARDIOLOGY;
import static fr.caducee.identity.login.LoginDirectory.CREATED;
import static fr.caducee.identity.login.LoginDirectory.DURAND;
import static fr.caducee.identity.login.LoginDirectory.DURAND_CAB;
import static fr.caducee.identity.login.LoginDirectory.DURAND_HOSPITAL;
import static fr.caducee.identity.login.LoginDirectory.DURAND_OLD;
import static fr.caducee.identity.login.LoginDirectory.DURAND_PRACTICE;
import static fr.caducee.identity.login.LoginDirectory.MARTIN;
import static fr.caducee.identity.login.LoginDirectory.MARTIN_PER;
import static fr.caducee.identity.login.LoginDirectory.PATIENT;
import static fr.caducee.identity.login.LoginDirectory.PHARMACY;
import static fr.caducee.identity.login.LoginDirectory.WITHOUT_BOX;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.SaslLogins.LoggedIn;
import fr.caducee.rules.transport.SaslLogins.LoginOutcome;
import fr.caducee.rules.transport.SaslLogins.Refused;
import fr.caducee.rules.transport.SaslLogins.Unavailable;

class BoxChoiceTest {
    private final LoginDirectory boxes = new LoginDirectory();
    private final BoxChoice choice = new BoxChoice(boxes.directory());

    @Test
    void withoutANamedBoxTheActivePerBoxCreatedFirstIsOpened() {
        // The suspended PER box is older still, and his CAB box older than both: neither is taken.
        assertThat(choice.choose(DURAND, Optional.empty())).isEqualTo(new LoggedIn(DURAND_PRACTICE, DURAND.value()));
    }

    @Test
    void twoPerBoxesCreatedTogetherArePreferredInTheOrderOfTheirAddresses() {
        IdNat professional = IdNat.parse("0751234567");
        boxes.store().putProfessional(new fr.caducee.domain.model.Professional(professional, "", "LEGRAND", "", "60",
            "", "", ""));
        boxes.personal("z.legrand@chu.caducee.test", BoxType.PER, professional, CREATED, BoxStatus.ACTIVE)
            .personal("a.legrand@chu.caducee.test", BoxType.PER, professional, CREATED, BoxStatus.ACTIVE);

        assertThat(choice.choose(professional, Optional.empty()))
            .isEqualTo(new LoggedIn("a.legrand@chu.caducee.test", "0751234567"));
    }

    @Test
    void aProfessionalOpensEachOfTheirPerAndCabBoxesByNamingIt() {
        assertThat(choice.choose(DURAND, Optional.of(DURAND_HOSPITAL))).isEqualTo(new LoggedIn(DURAND_HOSPITAL,
            DURAND.value()));
        assertThat(choice.choose(DURAND, Optional.of(DURAND_CAB))).isEqualTo(new LoggedIn(DURAND_CAB, DURAND.value()));
    }

    @Test
    void aMemberAndTheResponsibleOpenTheOrgBoxTheyBelongTo() {
        assertThat(choice.choose(DURAND, Optional.of(CARDIOLOGY))).isEqualTo(new LoggedIn(CARDIOLOGY, DURAND.value()));
        assertThat(choice.choose(MARTIN, Optional.of(CARDIOLOGY))).isEqualTo(new LoggedIn(CARDIOLOGY, MARTIN.value()));
    }

    @Test
    void theNamedBoxIsReadWithoutRegardToCaseOrSurroundingBlanks() {
        assertThat(choice.choose(DURAND, Optional.of("  Cardiologie@CHU.caducee.test ")))
            .isEqualTo(new LoggedIn(CARDIOLOGY, DURAND.value()));
    }

    @Test
    void anOrgBoxTheProfessionalDoesNotBelongToIsRefused() {
        assertNoBox(choice.choose(DURAND, Optional.of(PHARMACY)), "may not open " + PHARMACY);
    }

    @Test
    void anApplicationBoxIsNeverOpenedByAToken() {
        assertNoBox(choice.choose(DURAND, Optional.of(LoginDirectory.APP)), "may not open " + LoginDirectory.APP);
    }

    @Test
    void anotherProfessionalsBoxIsRefused() {
        assertNoBox(choice.choose(DURAND, Optional.of(MARTIN_PER)), "may not open " + MARTIN_PER);
    }

    @Test
    void aSuspendedBoxIsRefusedEvenWhenItIsTheirs() {
        assertNoBox(choice.choose(DURAND, Optional.of(DURAND_OLD)), "is suspended");
    }

    @Test
    void aPatientsBoxOrSomethingThatIsNoAddressIsRefused() {
        assertNoBox(choice.choose(DURAND, Optional.of(PATIENT)), "may not open");
        assertNoBox(choice.choose(DURAND, Optional.of("not an address")), "may not open not an address");
    }

    @Test
    void aProfessionalWithoutABoxHereIsRefused() {
        assertNoBox(choice.choose(WITHOUT_BOX, Optional.empty()), "Professional 899700366240 holds no box on this "
            + "server");
    }

    @Test
    void aProfessionalWithoutAPerBoxMustNameTheBoxToOpen() {
        IdNat responsibleOnly = IdNat.parse("0751234567");
        boxes.store().putProfessional(new fr.caducee.domain.model.Professional(responsibleOnly, "", "LEGRAND", "",
            "60", "", "", ""));
        boxes.organisational("soins@chu.caducee.test", responsibleOnly, java.util.Set.of());

        assertNoBox(choice.choose(responsibleOnly, Optional.empty()), "has no personal (PER) box here: name the box");
        assertThat(choice.choose(responsibleOnly, Optional.of("soins@chu.caducee.test")))
            .isEqualTo(new LoggedIn("soins@chu.caducee.test", "0751234567"));
    }

    @Test
    void whenTheDirectoryCannotBeReadNothingIsDecided() {
        boxes.becomeUnreachable();

        LoginOutcome outcome = choice.choose(DURAND, Optional.empty());

        assertThat(outcome).isInstanceOfSatisfying(Unavailable.class, unavailable ->
            assertThat(unavailable.sentence()).endsWith("(login-unavailable)"));
    }

    private static void assertNoBox(LoginOutcome outcome, String sentence) {
        assertThat(outcome).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.rule()).isEqualTo(Rule.LOGIN_NO_BOX);
            assertThat(refused.sentence()).contains(sentence).endsWith("(login-no-box)").matches("[\\x20-\\x7E]+");
        });
    }
}
