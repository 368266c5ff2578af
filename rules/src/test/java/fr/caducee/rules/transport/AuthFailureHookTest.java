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
import fr.caducee.rules.patients.FakeSmtpSession;

class AuthFailureHookTest {
    private final List<AuditRecord> trail = new ArrayList<>();
    private final SMTPSession session = FakeSmtpSession.submissionBeforeLogin();

    @Test
    void aFailedLoginIsAnswered535AndRecordedWithTheLoginTried() {
        HookResult result = new AuthFailureHook(trail::add)
            .doAuth(session, Username.of("dr.durand@chu.localhost"), "wrong password");

        assertThat(result.getResult().getAction()).isEqualTo(HookReturnCode.Action.DENY);
        assertThat(result.getSmtpRetCode()).isEqualTo("535");
        assertThat(result.getSmtpDescription()).startsWith("5.7.8 Authentication credentials invalid");
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("authentication-failed");
            assertThat(record.reason()).startsWith("535 5.7.8 ");
            assertThat(record.login()).isEqualTo("dr.durand@chu.localhost");
            assertThat(record.via()).isEqualTo("submission");
            assertThat(record.remote()).isEqualTo("127.0.0.1");
            assertThat(record.toString()).doesNotContain("wrong password");
        });
    }

    @Test
    void aFailedLoginIsStillRefusedWhenTheTrailCannotRecordIt() {
        HookResult result = new AuthFailureHook(record -> {
            throw new AuditUnavailableException("No space left on device", null);
        }).doAuth(session, Username.of("dr.durand@chu.localhost"), "wrong password");

        assertThat(result.getSmtpRetCode()).isEqualTo("535");
    }

    @Test
    void aTokenLoginIsLeftToJamesAndRecordsNothing() {
        assertThat(new AuthFailureHook(trail::add).doSasl(session, null, "token")).isEqualTo(HookResult.DECLINED);
        assertThat(trail).isEmpty();
    }
}
