package fr.caducee.rules.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.rules.patients.FakeSmtpSession;

class PatientMailClientHookTest {
    static final Username PATIENT = Username.of("146026322000196@patient.caducee.localhost");
    static final Username DOCTOR = Username.of("dr.durand@chu.localhost");
    /** The server's decision, as its users repository takes it when patients' mail clients are not allowed. */
    static final MailClientLogins PATIENTS_REFUSED = login -> PatientAddress.isPatientAddress(login.asString());

    private final List<AuditRecord> trail = new ArrayList<>();
    private final SMTPSession session = FakeSmtpSession.submissionBeforeLogin();

    @Test
    void aPatientsPasswordIsAnswered535WithASentenceSendingThemToTheWebmail() {
        HookResult result = new PatientMailClientHook(PATIENTS_REFUSED, trail::add)
            .doAuth(session, PATIENT, "the right password");

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(result.getSmtpRetCode()).isEqualTo("535");
        assertThat(result.getSmtpDescription()).startsWith("5.7.8 Les patients se connectent par le webmail")
            .endsWith("(patient-mail-client)");
        assertThat(result.getSmtpDescription()).matches("\\p{ASCII}+");
    }

    @Test
    void theRefusalIsRecordedWithItsRuleAndTheLoginTriedButNeverThePassword() {
        new PatientMailClientHook(PATIENTS_REFUSED, trail::add).doAuth(session, PATIENT, "the right password");

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("patient-mail-client");
            assertThat(record.reason()).startsWith("535 5.7.8 Les patients");
            assertThat(record.login()).isEqualTo(PATIENT.asString());
            assertThat(record.via()).isEqualTo("submission");
            assertThat(record.remote()).isEqualTo("127.0.0.1");
            assertThat(record.toString()).doesNotContain("the right password");
        });
    }

    @Test
    void aProfessionalsLoginGoesOnToThePasswordCheck() {
        assertThat(new PatientMailClientHook(PATIENTS_REFUSED, trail::add).doAuth(session, DOCTOR, "password"))
            .isEqualTo(HookResult.DECLINED);
        assertThat(trail).isEmpty();
    }

    @Test
    void whenTheOperatorAllowsPatientsMailClientsTheirPasswordIsCheckedLikeAnyOther() {
        assertThat(new PatientMailClientHook(login -> false, trail::add).doAuth(session, PATIENT, "password"))
            .isEqualTo(HookResult.DECLINED);
        assertThat(trail).isEmpty();
    }

    @Test
    void aPatientIsStillRefusedWhenTheTrailCannotRecordIt() {
        HookResult result = new PatientMailClientHook(PATIENTS_REFUSED, record -> {
            throw new AuditUnavailableException("No space left on device", null);
        }).doAuth(session, PATIENT, "password");

        assertThat(result.getSmtpRetCode()).isEqualTo("535");
    }

    @Test
    void aTokenLoginIsLeftToJames() {
        assertThat(new PatientMailClientHook(PATIENTS_REFUSED, trail::add).doSasl(session, null, "token"))
            .isEqualTo(HookResult.DECLINED);
    }
}
