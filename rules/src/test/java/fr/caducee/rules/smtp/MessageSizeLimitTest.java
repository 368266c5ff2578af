package fr.caducee.rules.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.spy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPConfigurationImpl;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.patients.FakeSmtpSession;

/** The size limit, announced with SIZE and enforced during DATA, with an enhanced code, a sentence and a record. */
class MessageSizeLimitTest {
    private static final long LIMIT = 100;

    private final List<AuditRecord> trail = new ArrayList<>();
    private final MessageSizeLimit limit = new MessageSizeLimit(trail::add);
    private final SMTPSession session = limitedTo(FakeSmtpSession.submission("dr.lefebvre@chu.localhost"));
    private final List<String> passedOn = new ArrayList<>();
    private final LineHandler<SMTPSession> next = (ignored, line) -> {
        passedOn.add(new String(line, StandardCharsets.US_ASCII));
        return isEnd(line) ? new SMTPResponse("250", "2.6.0 Message received") : null;
    };

    @Test
    void aSizeWithinTheLimitIsKeptForTheHooksThatWeighIt() {
        assertThat(limit.doMailParameter(session, "SIZE", "80")).isNull();

        assertThat(session.getAttachment(MessageSizeLimit.DECLARED_SIZE, ProtocolSession.State.Transaction))
            .contains(80L);
    }

    @Test
    void aSizeOverTheLimitIsRefusedAtMailFromAndNotKept() {
        HookResult result = limit.doMailParameter(session, "SIZE", "101");

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("552");
        assertThat(result.getSmtpDescription()).startsWith("5.3.4 ");
        assertThat(session.getAttachment(MessageSizeLimit.DECLARED_SIZE, ProtocolSession.State.Transaction)).isEmpty();
    }

    @Test
    void aSizeThatIsNotANumberIsASyntaxErrorAndNotKept() {
        HookResult result = limit.doMailParameter(session, "SIZE", "beaucoup");

        assertThat(result.getSmtpRetCode()).isEqualTo("501");
        assertThat(session.getAttachment(MessageSizeLimit.DECLARED_SIZE, ProtocolSession.State.Transaction)).isEmpty();
    }

    @Test
    void aMessageWithinTheLimitIsPassedOnWholeAndNothingIsRecorded() {
        assertThat(data("Subject: compte rendu\r\n", "\r\n", "Bonjour.\r\n")).isEqualTo("250");

        assertThat(passedOn).containsExactly("Subject: compte rendu\r\n", "\r\n", "Bonjour.\r\n", ".\r\n");
        assertThat(trail).isEmpty();
    }

    @Test
    void aMessageThatGrowsPastTheLimitIsRefusedWithTheEnhancedCodeAndASentenceAndRecorded() throws Exception {
        session.setAttachment(SMTPSession.RCPT_LIST, List.of(new MailAddress("dr.martin@chu.localhost")),
            ProtocolSession.State.Transaction);
        String line = "x".repeat(60) + "\r\n";

        Response response = dataResponse(line, line, line);

        assertThat(response.getRetCode()).isEqualTo("552");
        assertThat(response.getLines()).singleElement().asString().isEqualTo("552 5.3.4 Message size exceeds the "
            + "maximum of 100 bytes accepted here: send the documents in several messages");
        assertThat(passedOn).as("lines past the limit are not kept").containsExactly(line, ".\r\n");
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("message-too-big");
            assertThat(record.reason()).startsWith("552 5.3.4 Message size exceeds the maximum of 100 bytes");
            assertThat(record.recipients()).containsExactly("dr.martin@chu.localhost");
            assertThat(record.login()).isEqualTo("dr.lefebvre@chu.localhost");
        });
    }

    @Test
    void theRefusalStandsWhenTheAuditTrailCannotTakeIt() {
        MessageSizeLimit withoutTrail = new MessageSizeLimit(record -> {
            throw new AuditUnavailableException("audit disk full", null);
        });
        String line = "x".repeat(60) + "\r\n";
        withoutTrail.onLine(session, bytes(line), next);
        withoutTrail.onLine(session, bytes(line), next);

        assertThat(withoutTrail.onLine(session, bytes(".\r\n"), next).getRetCode()).isEqualTo("552");
    }

    private String data(String... lines) {
        return dataResponse(lines).getRetCode();
    }

    private Response dataResponse(String... lines) {
        for (String line : lines) {
            assertThat(limit.onLine(session, bytes(line), next)).isNull();
        }
        return limit.onLine(session, bytes(".\r\n"), next);
    }

    private static boolean isEnd(byte[] line) {
        return new String(line, StandardCharsets.US_ASCII).equals(".\r\n");
    }

    private static byte[] bytes(String line) {
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** The same session, on a listener whose {@code maxmessagesize} is {@link #LIMIT} bytes. */
    private static SMTPSession limitedTo(SMTPSession session) {
        SMTPSession limited = spy(session);
        doReturn(new SMTPConfigurationImpl() {
            @Override
            public long getMaxMessageSize() {
                return LIMIT;
            }

            @Override
            public boolean isAuthAnnounced(String remoteIP, boolean tlsStarted) {
                return true;
            }
        }).when(limited).getConfiguration();
        return limited;
    }
}
