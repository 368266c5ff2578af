package fr.caducee.webmail.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.caducee.rules.Rule;
import fr.caducee.webmail.WebmailSettings;
import fr.caducee.webmail.fakes.FakeAccounts;
import fr.caducee.testkit.MutableClock;
import fr.caducee.webmail.fakes.Patients;
import fr.caducee.webmail.fakes.RecordingAudit;
import fr.caducee.webmail.web.Answer;
import fr.caducee.webmail.web.Form;
import fr.caducee.webmail.web.WebRefusal;

class OpenBoxTest {
    private static final String PAUL = Patients.address(Patients.PAUL);
    private static final String LEA = Patients.address(Patients.LEA);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final RecordingAudit audit = new RecordingAudit();
    private final FakeAccounts accounts = new FakeAccounts().add(Patients.PAUL, "x").add(Patients.LEA, "y")
        .add(Patients.NINA, "z");
    private final OpenBox boxes = new OpenBox(accounts, audit, clock);
    private final Session session = new Sessions(WebmailSettings.defaults("https://webmail.caducee.test"), audit,
        clock).open(PAUL, Binding.of("Firefox", "192.0.2.1"), null).session();

    @Test
    void aPatientSeesTheirOwnBoxAndTheChildrenTheyRepresent() throws WebRefusal {
        accounts.represents(Patients.PAUL, Patients.LEA);

        OpenBox.Opened opened = boxes.opened(session).orElseThrow();
        Answer.Page page = (Answer.Page) boxes.page(opened);

        assertThat(opened.viewer().representative()).isFalse();
        assertThat(opened.represented()).containsExactly(Patients.LEA);
        assertThat(page.variables().get("choices")).isEqualTo(List.of(
            new OpenBox.Choice(Patients.PAUL.ins().matricule(), "Paul Durand (vous)", true, true),
            new OpenBox.Choice(Patients.LEA.ins().matricule(), "Léa Durand", false, false)));
    }

    @Test
    void openingAChildsBoxIsAuditedAndTheViewerThenShowsIt() throws WebRefusal {
        accounts.represents(Patients.PAUL, Patients.LEA);

        Answer answer = boxes.open(boxes.opened(session).orElseThrow(),
            Form.urlEncoded("ins=" + Patients.LEA.ins().matricule()), session, "192.0.2.1");

        assertThat(answer).isEqualTo(new Answer.Redirect("/conversations",
            "Vous consultez maintenant la boîte de Léa Durand."));
        assertThat(session.box()).isEqualTo(LEA);
        assertThat(boxes.opened(session).orElseThrow().viewer().box()).isEqualTo(Patients.LEA);
        assertThat(audit.of(Rule.WEBMAIL_BOX_OPENED)).singleElement()
            .satisfies(record -> assertThat(record.login()).isEqualTo(PAUL));
    }

    @Test
    void aBoxOfSomeoneNotRepresentedIsRefused() throws WebRefusal {
        for (String ins : List.of(Patients.NINA.ins().matricule(), "not an INS", "")) {
            WebRefusal refusal = catchThrowableOfType(() -> boxes.open(boxes.opened(session).orElseThrow(),
                Form.urlEncoded("ins=" + ins), session, "192.0.2.1"), WebRefusal.class);

            assertThat(refusal.rule()).as(ins).isEqualTo(Rule.WEBMAIL_NOT_REPRESENTATIVE);
            assertThat(refusal.status()).isEqualTo(403);
        }
        assertThat(session.box()).isEqualTo(PAUL);
    }

    @Test
    void aRepresentationWithdrawnClosesTheChildsBoxAtTheNextRequest() throws WebRefusal {
        accounts.represents(Patients.PAUL, Patients.LEA);
        boxes.open(boxes.opened(session).orElseThrow(), Form.urlEncoded("ins=" + Patients.LEA.ins().matricule()),
            session, "192.0.2.1");
        accounts.representsNoLonger(Patients.PAUL, Patients.LEA);

        WebRefusal refusal = catchThrowableOfType(() -> boxes.opened(session), WebRefusal.class);

        assertThat(refusal.rule()).isEqualTo(Rule.WEBMAIL_NOT_REPRESENTATIVE);
        assertThat(session.box()).isEqualTo(PAUL);
    }

    @Test
    void aSuspendedChildBoxCannotBeOpenedAndASuspendedLoginHasNoViewer() throws WebRefusal {
        accounts.represents(Patients.PAUL, Patients.suspended(Patients.LEA));

        assertThat(catchThrowableOfType(() -> boxes.open(boxes.opened(session).orElseThrow(),
            Form.urlEncoded("ins=" + Patients.LEA.ins().matricule()), session, "192.0.2.1"), WebRefusal.class))
            .isNotNull();
        accounts.replace(Patients.suspended(Patients.PAUL));
        assertThat(boxes.opened(session)).isEmpty();
    }
}
