package fr.caducee.rules.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.rules.documents.XdmAttachments;

class MessageStructureHookTest {
    private final MessageStructureHook hook = new MessageStructureHook();
    private final SMTPSession session = mock(SMTPSession.class);

    MessageStructureHookTest() {
        when(session.getSessionID()).thenReturn("test");
        when(session.getRemoteAddress()).thenReturn(new InetSocketAddress("127.0.0.1", 40000));
    }

    @Test
    void anOrdinaryReportWithAnAttachmentShouldPass() throws Exception {
        assertThat(check(nested(3)).getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void thirtyTwoLevelsShouldPassAndThirtyThreeShouldNot() throws Exception {
        // The message is level 1: 31 nested multiparts make 32 levels.
        assertThat(check(nested(31)).getResult()).isEqualTo(HookReturnCode.declined());
        HookResult refused = check(nested(32));
        assertThat(refused.getSmtpRetCode()).isEqualTo("554");
        assertThat(refused.getSmtpDescription()).startsWith("5.6.0").contains("nested more than 32 levels");
    }

    @Test
    void tenThousandNestedPartsShouldBeRefusedWithoutExhaustingTheStack() throws Exception {
        HookResult refused = check(nested(10_000));
        assertThat(refused.getSmtpRetCode()).isEqualTo("554");
    }

    @Test
    void tenThousandAttachedMessagesInsideEachOtherShouldBeRefused() throws Exception {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            message.append("Content-Type: message/rfc822\r\n\r\n");
        }
        message.append("Subject: innermost\r\n\r\nbody\r\n");
        assertThat(check("Subject: outer\r\n" + message).getSmtpRetCode()).isEqualTo("554");
    }

    @Test
    void moreThanAThousandPartsShouldBeRefused() throws Exception {
        StringBuilder message = new StringBuilder("Subject: many\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 0; i < 1_001; i++) {
            message.append("--b\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
        }
        message.append("--b--\r\n");
        HookResult refused = check(message.toString());
        assertThat(refused.getSmtpDescription()).contains("more than 1000 parts");
    }

    @Test
    void aHeaderOfOneMegabyteShouldBeRefused() throws Exception {
        String folded = ("x".repeat(70) + "\r\n ").repeat(15_000);
        HookResult refused = check("Subject: big\r\nX-Long: " + folded + "end\r\n\r\nbody\r\n");
        assertThat(refused.getSmtpRetCode()).isEqualTo("554");
        assertThat(refused.getSmtpDescription())
            .startsWith("5.6.0 A header field of the message is longer than 65536 bytes once its folded lines are joined")
            .contains("put long content in the body or an attachment")
            .doesNotContain("MIME structure");
    }

    @Test
    void brokenBoundariesAndBadBase64ShouldBeLeftToOtherRules() throws Exception {
        String message = "Subject: broken\r\nContent-Type: multipart/mixed; boundary=never-used\r\n\r\n"
            + "--other\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n";
        assertThat(check(message).getResult()).isEqualTo(HookReturnCode.declined());
    }

    @Test
    void aMultipartWhoseBoundaryNeverOpensAPartShouldBeLeftToTheDocumentChecksToParseAndRefuse() throws Exception {
        String message = "Subject: sans frontiere\r\nContent-Type: multipart/mixed; boundary=\"declared\"\r\n\r\n"
            + "--other\r\nContent-Type: text/plain\r\n\r\ntexte\r\n";

        check(message);

        verify(session).setAttachment(XdmAttachments.NAMED_IN_MESSAGE, true, ProtocolSession.State.Transaction);
    }

    @Test
    void aMessageWithoutAnXdmArchiveShouldBeNotedSoThatDocumentChecksDoNotParseIt() throws Exception {
        check(nested(3));

        verify(session).setAttachment(XdmAttachments.NAMED_IN_MESSAGE, false, ProtocolSession.State.Transaction);
    }

    @Test
    void anXdmArchiveNamedInAnyPartShouldBeNoted() throws Exception {
        String message = "Subject: lettre\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            + "Content-Type: text/plain\r\n\r\nci-joint\r\n--b\r\nContent-Type: application/zip\r\n"
            + "Content-Disposition: attachment;\r\n filename=\"ihe_xdm.zip\"\r\n\r\nUEsDBA==\r\n--b--\r\n";

        check(message);

        verify(session).setAttachment(XdmAttachments.NAMED_IN_MESSAGE, true, ProtocolSession.State.Transaction);
    }

    @Test
    void anXdmArchiveNamedInAnEncodedWordShouldBeNoted() throws Exception {
        String message = "Subject: lettre\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            + "Content-Type: application/zip; name=\"=?UTF-8?B?SUhFX1hETS5aSVA=?=\"\r\n\r\nUEsDBA==\r\n--b--\r\n";

        check(message);

        verify(session).setAttachment(XdmAttachments.NAMED_IN_MESSAGE, true, ProtocolSession.State.Transaction);
    }

    private HookResult check(String raw) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        return hook.onMessage(session, FakeMail.builder().name("m").mimeMessage(message).build());
    }

    /** A message whose body is {@code levels} multiparts each inside the previous one. */
    private static String nested(int levels) {
        StringBuilder head = new StringBuilder("Subject: nested\r\n");
        StringBuilder tail = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            head.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\r\n\r\n--b").append(i).append("\r\n");
            tail.insert(0, "\r\n--b" + i + "--\r\n");
        }
        head.append("Content-Type: text/plain\r\n\r\ninnermost");
        return head.append(tail).toString();
    }
}
