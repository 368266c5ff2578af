package fr.caducee.identity.login;

import static fr.caducee.identity.login.LoginDirectory.CARDIOLOGY;
import static fr.caducee.identity.login.LoginDirectory.DURAND_CAB;
import static fr.caducee.identity.login.LoginDirectory.DURAND_HOSPITAL;
import static fr.caducee.identity.login.LoginDirectory.DURAND_PASSWORD;
import static fr.caducee.identity.login.LoginDirectory.DURAND_PRACTICE;
import static fr.caducee.identity.login.LoginDirectory.MARTIN_PASSWORD;
import static fr.caducee.identity.login.LoginDirectory.MARTIN_PER;
import static fr.caducee.identity.login.LoginDirectory.PATIENT;
import static fr.caducee.identity.login.LoginDirectory.PATIENT_PASSWORD;
import static fr.caducee.identity.login.LoginDirectory.PHARMACY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;
import fr.caducee.rules.transport.SaslLogins.LoggedIn;
import fr.caducee.rules.transport.SaslLogins.LoginOutcome;
import fr.caducee.rules.transport.SaslLogins.Refused;
import fr.caducee.rules.transport.SaslLogins.Unavailable;

class DelegatedLoginTest {
    private final LoginDirectory boxes = new LoginDirectory();
    private final DelegatedLogin delegation = new DelegatedLogin(boxes.directory());

    @Test
    void theBoxComesBeforeTheStarAndTheMemberAfterIt() {
        assertThat(DelegatedLogin.split(CARDIOLOGY + "*" + DURAND_HOSPITAL))
            .contains(new DelegatedLogin.Names(CARDIOLOGY, DURAND_HOSPITAL));
    }

    @Test
    void aLoginWithoutAStarAfterItsAtIsAnOrdinaryLogin() {
        assertThat(DelegatedLogin.split(DURAND_HOSPITAL)).isEmpty();
        // RFC 5322 lets a local part hold a star: such a box still logs in as itself.
        assertThat(DelegatedLogin.split("garde*nuit@chu.caducee.test")).isEmpty();
    }

    @Test
    void aStarInTheMembersLocalPartStaysInTheMember() {
        assertThat(DelegatedLogin.split(CARDIOLOGY + "*dr*x@chu.caducee.test"))
            .contains(new DelegatedLogin.Names(CARDIOLOGY, "dr*x@chu.caducee.test"));
    }

    @Test
    void aMemberOpensTheOrgBoxWithTheirOwnPassword() {
        assertThat(open(CARDIOLOGY + "*" + DURAND_HOSPITAL, DURAND_PASSWORD))
            .isEqualTo(new LoggedIn(CARDIOLOGY, DURAND_HOSPITAL));
    }

    @Test
    void theResponsibleOpensTheOrgBoxWithTheirOwnPassword() {
        assertThat(open(PHARMACY + "*" + MARTIN_PER, MARTIN_PASSWORD)).isEqualTo(new LoggedIn(PHARMACY, MARTIN_PER));
    }

    @Test
    void aProfessionalOpensTheirOtherPerAndCabBoxesWithThePasswordOfOne() {
        assertThat(open(DURAND_CAB + "*" + DURAND_HOSPITAL, DURAND_PASSWORD))
            .isEqualTo(new LoggedIn(DURAND_CAB, DURAND_HOSPITAL));
        assertThat(open(DURAND_PRACTICE + "*" + DURAND_HOSPITAL, DURAND_PASSWORD))
            .isEqualTo(new LoggedIn(DURAND_PRACTICE, DURAND_HOSPITAL));
    }

    @Test
    void aWrongPasswordIsRefusedWithoutSayingWhetherTheMemberMayOpenTheBox() {
        assertRefused(open(CARDIOLOGY + "*" + DURAND_HOSPITAL, "wrong"), "credentials are not valid");
        assertRefused(open(PHARMACY + "*" + DURAND_HOSPITAL, "wrong"), "credentials are not valid");
    }

    @Test
    void aProfessionalWhoIsNoMemberIsRefused() {
        assertRefused(open(PHARMACY + "*" + DURAND_HOSPITAL, DURAND_PASSWORD),
            DURAND_HOSPITAL + " may not open " + PHARMACY);
    }

    @Test
    void anotherProfessionalsBoxIsRefused() {
        assertRefused(open(MARTIN_PER + "*" + DURAND_HOSPITAL, DURAND_PASSWORD), "may not open " + MARTIN_PER);
    }

    @Test
    void anOrgBoxCannotLendItsOwnPasswordToOpenAnother() {
        boxes.password(PHARMACY, "pharmacy-password");
        assertRefused(open(CARDIOLOGY + "*" + PHARMACY, "pharmacy-password"), "may not open " + CARDIOLOGY);
    }

    @Test
    void anApplicationBoxIsNeverOpenedByDelegation() {
        assertRefused(open(LoginDirectory.APP + "*" + DURAND_HOSPITAL, DURAND_PASSWORD),
            "may not open " + LoginDirectory.APP);
    }

    @Test
    void aPatientTakesNoPartAsMemberNorAsBox() {
        assertRefused(open(CARDIOLOGY + "*" + PATIENT, PATIENT_PASSWORD), "patients log in to the webmail");
        assertRefused(open(PATIENT + "*" + DURAND_HOSPITAL, DURAND_PASSWORD), "patients log in to the webmail");
    }

    @Test
    void namesThatAreNoAddressesAreRefused() {
        assertRefused(open("cardiologie@*" + DURAND_HOSPITAL, DURAND_PASSWORD), "two box addresses");
        assertRefused(open(CARDIOLOGY + "*", DURAND_PASSWORD), "two box addresses");
    }

    @Test
    void whenTheDirectoryCannotBeReadNothingIsDecided() {
        boxes.becomeUnreachable();
        assertThat(open(CARDIOLOGY + "*" + DURAND_HOSPITAL, DURAND_PASSWORD)).isInstanceOf(Unavailable.class);
    }

    private LoginOutcome open(String login, String password) {
        Optional<DelegatedLogin.Names> names = DelegatedLogin.split(login);
        assertThat(names).as(login).isPresent();
        return delegation.open(names.get(), password);
    }

    private static void assertRefused(LoginOutcome outcome, String sentence) {
        assertThat(outcome).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.rule()).isEqualTo(Rule.DELEGATED_LOGIN_REFUSED);
            assertThat(refused.sentence()).contains(sentence).endsWith("(delegated-login-refused)")
                .matches("[\\x20-\\x7E]+");
        });
    }
}
