package fr.caducee.rules.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.RcptCmdHandler;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.SMTPConstants;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.patients.FakeSmtpSession;
import fr.caducee.rules.smtp.Refusals;
import fr.caducee.rules.transport.LongLineHook;
import fr.caducee.rules.transport.TlsRequiredHook;

class RefusalAuditHookTest {
    private final List<AuditRecord> trail = new ArrayList<>();
    private final RefusalAuditHook audit = new RefusalAuditHook(trail::add);

    @Test
    void ourRefusalIsRecordedUnderItsRuleWithTheReplyTheClientRead() {
        SMTPSession session = FakeSmtpSession.mxInClear();
        TlsRequiredHook hook = new TlsRequiredHook();
        HookResult refusal = hook.doMail(session, MaybeSender.nullSender());

        assertThat(audit.onHookResult(session, refusal, 1, hook)).isSameAs(refusal);

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("mx-requires-tls");
            assertThat(record.reason()).startsWith("530 5.7.0 Must issue a STARTTLS command first");
            assertThat(record.via()).isEqualTo("mx");
            assertThat(record.remote()).isEqualTo("127.0.0.1");
        });
        assertThat(Refusals.ruleGiven(session)).as("the refusal is recorded once").isNull();
    }

    @Test
    void aRefusedRecipientIsRecordedAsTheRecipient() throws Exception {
        SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");
        session.setAttachment(RcptCmdHandler.CURRENT_RECIPIENT, new MailAddress("x@gmail.com"),
            ProtocolSession.State.Transaction);
        RelayDenied hook = new RelayDenied();

        audit.onHookResult(session, hook.doRcpt(session, MaybeSender.nullSender(), new MailAddress("x@gmail.com")), 1, hook);

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.recipients()).containsExactly("x@gmail.com");
            assertThat(record.login()).isEqualTo("dr.durand@chu.localhost");
        });
    }

    @Test
    void aRefusalOfJamesItselfIsRecordedUnderTheHooksName() throws Exception {
        SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");
        RelayDenied hook = new RelayDenied();

        audit.onHookResult(session, hook.doRcpt(session, MaybeSender.nullSender(), new MailAddress("x@gmail.com")), 1, hook);

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.rule()).isEqualTo("RelayDenied");
            assertThat(record.reason()).isEqualTo("550 5.7.1 Requested action not taken: relaying denied");
        });
    }

    @Test
    void aRefusalLeftOnTheSessionIsNotGivenToAnotherHooksRefusal() throws Exception {
        SMTPSession session = FakeSmtpSession.mxInClear();
        new TlsRequiredHook().doMail(session, MaybeSender.nullSender());
        RelayDenied other = new RelayDenied();

        audit.onHookResult(session, other.doRcpt(session, MaybeSender.nullSender(), new MailAddress("x@gmail.com")), 1, other);

        assertThat(trail).singleElement().satisfies(record -> assertThat(record.rule()).isEqualTo("RelayDenied"));
    }

    @Test
    void aRefusedMessageIsRecordedWithItsNameMessageIdAndRecipients() throws Exception {
        SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");
        session.setAttachment(SMTPConstants.MAIL, FakeMail.builder().name("Mail7").sender("dr.durand@chu.localhost")
            .recipients("a@chu.localhost", "b@clinique.localhost")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Message-ID", "<m7@chu.localhost>")
                .setText("x").build())
            .size(512).build(), ProtocolSession.State.Transaction);
        session.setAttachment(LongLineHook.LINE_CUT, 8192, ProtocolSession.State.Transaction);
        LongLineHook hook = new LongLineHook();
        HookResult refusal = hook.onMessage(session, session.getAttachment(SMTPConstants.MAIL,
            ProtocolSession.State.Transaction).orElseThrow());

        audit.onHookResult(session, refusal, 1, hook);

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.rule()).isEqualTo("line-too-long");
            assertThat(record.mail()).isEqualTo("Mail7");
            assertThat(record.messageId()).isEqualTo("<m7@chu.localhost>");
            assertThat(record.recipients()).containsExactly("a@chu.localhost", "b@clinique.localhost");
            assertThat(record.size()).isEqualTo(512);
        });
    }

    @Test
    void anAcceptanceIsNotRecorded() {
        SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");

        assertThat(audit.onHookResult(session, HookResult.DECLINED, 1, new TlsRequiredHook())).isEqualTo(HookResult.DECLINED);
        assertThat(audit.onHookResult(session, HookResult.OK, 1, new TlsRequiredHook())).isEqualTo(HookResult.OK);

        assertThat(trail).isEmpty();
    }

    @Test
    void aRefusalTheTrailCannotRecordIsStillGiven() {
        SMTPSession session = FakeSmtpSession.mxInClear();
        TlsRequiredHook hook = new TlsRequiredHook();
        HookResult refusal = hook.doMail(session, MaybeSender.nullSender());
        RefusalAuditHook unavailable = new RefusalAuditHook(record -> {
            throw new AuditUnavailableException("No space left on device", null);
        });

        assertThat(unavailable.onHookResult(session, refusal, 1, hook)).isSameAs(refusal);
    }

    /** A refusal as James's own hooks give it: no rule of ours on the session. */
    private static final class RelayDenied implements RcptHook {
        @Override
        public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
            return HookResult.builder().hookReturnCode(HookReturnCode.deny()).smtpReturnCode("550")
                .smtpDescription("5.7.1 Requested action not taken: relaying denied").build();
        }
    }
}
