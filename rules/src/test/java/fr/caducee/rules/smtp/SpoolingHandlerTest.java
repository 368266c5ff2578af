package fr.caducee.rules.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.InetSocketAddress;
import java.util.Optional;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class SpoolingHandlerTest {
    private final MailQueue spool = mock(MailQueue.class);
    private final SMTPSession session = mock(SMTPSession.class);
    private final SpoolingHandler handler;

    @SuppressWarnings({"unchecked", "rawtypes"})
    SpoolingHandlerTest() {
        MailQueueFactory queues = mock(MailQueueFactory.class);
        when(queues.createQueue(any())).thenReturn(spool);
        when(session.getAttachment(any(), any())).thenReturn(Optional.empty());
        when(session.getRemoteAddress()).thenReturn(new InetSocketAddress("127.0.0.1", 40000));
        handler = new SpoolingHandler(queues);
        handler.init(new BaseConfiguration());
    }

    @Test
    void aMessageTheSpoolCannotTakeGets451WithWhatToDo() throws Exception {
        doThrow(new MailQueue.MailQueueException("No space left on device")).when(spool).enQueue(any(Mail.class));

        HookResult result = handler.onMessage(session, mail());

        assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
        assertThat(result.getSmtpRetCode()).isEqualTo("451");
        assertThat(result.getSmtpDescription()).isEqualTo("4.3.0 The message could not be written to the mail spool, "
            + "so it was not accepted: send it again later");
    }

    @Test
    void aSpooledMessageIsAnsweredAsJamesDoes() throws Exception {
        assertThat(handler.onMessage(session, mail()).getResult()).isEqualTo(HookReturnCode.ok());
    }

    private static Mail mail() throws Exception {
        return FakeMail.builder().name("m").sender("dr.durand@chu-exemple.fr").recipient("cardiologie@chu-exemple.fr")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Compte rendu").setText("texte")).build();
    }
}
