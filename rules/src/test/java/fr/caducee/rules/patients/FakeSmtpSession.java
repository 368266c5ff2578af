package fr.caducee.rules.patients;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * An SMTP session as a hook sees it on the submission port, after AUTH: a login, a client address, and attachments
 * kept in a map as the real session keeps them (the refusal a hook gives is left there for the audit hook).
 */
final class FakeSmtpSession {
    private FakeSmtpSession() {
    }

    static SMTPSession submission(String login) {
        SMTPSession session = mock(SMTPSession.class);
        SMTPConfiguration configuration = mock(SMTPConfiguration.class);
        when(configuration.isAuthAnnounced(anyString(), anyBoolean())).thenReturn(true);
        when(session.getConfiguration()).thenReturn(configuration);
        when(session.getRemoteAddress()).thenReturn(new InetSocketAddress("127.0.0.1", 40_000));
        when(session.getSessionID()).thenReturn("fake-session");
        when(session.getUsername()).thenReturn(Username.of(login));
        when(session.isTLSStarted()).thenReturn(true);
        Map<ProtocolSession.AttachmentKey<?>, Object> attachments = new HashMap<>();
        when(session.getAttachment(any(), any()))
            .thenAnswer(call -> Optional.ofNullable(attachments.get(call.getArgument(0))));
        when(session.setAttachment(any(), any(), any()))
            .thenAnswer(call -> Optional.ofNullable(attachments.put(call.getArgument(0), call.getArgument(1))));
        return session;
    }
}
