package fr.caducee.webmail.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.WebmailSettings;
import fr.caducee.webmail.fakes.FakeAccounts;
import fr.caducee.webmail.fakes.InMemoryFactors;
import fr.caducee.testkit.MutableClock;
import fr.caducee.webmail.fakes.Patients;
import fr.caducee.webmail.fakes.RecordingAudit;
import fr.caducee.webmail.session.Binding;
import fr.caducee.webmail.session.Session;
import fr.caducee.webmail.session.Sessions;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.WebRefusal;

class PasswordChangeTest {
    private static final String PAUL = Patients.address(Patients.PAUL);
    private static final String CURRENT = "une phrase assez longue";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final WebmailSettings settings = WebmailSettings.defaults("https://webmail.caducee.test");
    private final InMemoryFactors store = new InMemoryFactors();
    private final RecordingAudit audit = new RecordingAudit();
    private final FakeAccounts accounts = new FakeAccounts().add(Patients.PAUL, CURRENT);
    private final Sessions sessions = new Sessions(settings, audit, clock);
    private final PasswordChange change = new PasswordChange(accounts, new Lockout(store, settings, clock), sessions,
        audit, clock);

    @Test
    void theCurrentPasswordAndAGoodNewOneChangeItAndEndThePatientsOtherSessions() throws WebRefusal {
        Session here = sessions.open(PAUL, Binding.of("Firefox", "192.0.2.1"), null).session();
        sessions.open(PAUL, Binding.of("Chrome", "192.0.2.2"), null);

        Answer answer = change.change(Patients.PAUL, form(CURRENT, "trois petits chats sur le toit"), here, "192.0.2.1");

        assertThat(accounts.password(Patients.PAUL)).isEqualTo("trois petits chats sur le toit");
        assertThat(answer).isEqualTo(new Answer.Redirect("/reglages",
            "Votre mot de passe a été changé. Vos autres sessions ouvertes ont été fermées."));
        assertThat(sessions.count()).isEqualTo(1);
        assertThat(audit.of(Rule.WEBMAIL_PASSWORD_CHANGED)).singleElement()
            .satisfies(record -> assertThat(record.login()).isEqualTo(PAUL));
        assertThat(audit.of(Rule.WEBMAIL_LOGGED_OUT)).singleElement()
            .satisfies(record -> assertThat(record.reason()).isEqualTo("the password was changed in another session"));
    }

    @Test
    void aWrongCurrentPasswordIsRefusedAndCountsTowardsTheLockout() {
        Session here = sessions.open(PAUL, Binding.of("Firefox", "192.0.2.1"), null).session();

        WebRefusal refusal = catchThrowableOfType(() -> change.change(Patients.PAUL,
            form("pas le bon", "trois petits chats sur le toit"), here, "192.0.2.1"), WebRefusal.class);

        assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_PASSWORD_REFUSED);
        assertThat(refusal.status()).isEqualTo(400);
        assertThat(accounts.password(Patients.PAUL)).isEqualTo(CURRENT);
        assertThat(store.failures(PAUL)).isEqualTo(1);
    }

    @Test
    void aConfirmationThatDiffersIsRefused() {
        Session here = sessions.open(PAUL, Binding.of("Firefox", "192.0.2.1"), null).session();

        WebRefusal refusal = catchThrowableOfType(() -> change.change(Patients.PAUL, FormsForTests.of(Map.of(
            "actuel", CURRENT, "nouveau", "trois petits chats sur le toit", "confirmation", "trois petits chats")),
            here, "192.0.2.1"), WebRefusal.class);

        assertThat(refusal.sentence()).contains("différentes");
        assertThat(accounts.password(Patients.PAUL)).isEqualTo(CURRENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"court", "onze carac.", "146026322000196!", "Azerty123456!", "motdepasse2024",
        "123456789012", "aaaaaaaaaaaaaa", "soleilsoleil12", "MotDePasse!!!!", "Sécurité Sociale"})
    void weakPasswordsAreRefused(String weak) {
        WebRefusal refusal = catchThrowableOfType(() -> PasswordChange.checkStrength(Patients.PAUL, weak),
            WebRefusal.class);

        assertThat(refusal).as(weak).isNotNull();
        assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_PASSWORD_REFUSED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"trois petits chats sur le toit", "Cheval-Agrafe-Batterie-7", "j'aime le café du matin"})
    void passwordsThatAreLongAndUncommonAreAccepted(String strong) {
        assertThatCode(() -> PasswordChange.checkStrength(Patients.PAUL, strong)).doesNotThrowAnyException();
    }

    private static fr.caducee.webmail.web.Form form(String current, String next) {
        return FormsForTests.of(Map.of("actuel", current, "nouveau", next, "confirmation", next));
    }
}
