package fr.caducee.rules.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.net.InetSocketAddress;
import java.util.List;

import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.smtp.SMTPConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.EhloExtension;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.junit.jupiter.api.Test;

/** The greeting and the EHLO and HELO lines, exactly as a client reads them. */
class GreetingTest {
    private final SMTPSession session = mock(SMTPSession.class);
    private final SMTPConfiguration configuration = mock(SMTPConfiguration.class);

    GreetingTest() {
        when(session.getConfiguration()).thenReturn(configuration);
        when(configuration.getHelloName()).thenReturn("mx.chu.example");
        when(session.getRemoteAddress()).thenReturn(new InetSocketAddress("192.0.2.1", 40_000));
    }

    @Test
    void theGreetingNamesTheServerThenEsmtpThenTheListenerInAscii() {
        when(configuration.getGreeting()).thenReturn("Caducée MX");

        assertThat(new Greeting().onConnect(session).getLines()).containsExactly("220 mx.chu.example ESMTP Caducee MX");
    }

    @Test
    void withoutAConfiguredGreetingTheServerSaysCaducee() {
        assertThat(new Greeting().onConnect(session).getLines()).containsExactly("220 mx.chu.example ESMTP Caducee");
    }

    @Test
    void whatCannotBeWrittenInAsciiBecomesAQuestionMark() {
        assertThat(Greeting.ascii("Hôpital Saint-Éloi ✚")).isEqualTo("Hopital Saint-Eloi ?");
    }

    @Test
    void theEhloReplyEndsItsFirstLineWithTheClientsAddressInBrackets() throws Exception {
        EhloReply ehlo = new EhloReply(mock(MetricFactory.class));
        // As James's handler loader wires it: its own extensions (PIPELINING, ENHANCEDSTATUSCODES, 8BITMIME)
        ehlo.wireExtensions(EhloExtension.class, List.of(ehlo));
        ehlo.wireExtensions(HeloHook.class, List.of());
        List<CharSequence> lines = ehlo.doCoreCmd(session, "EHLO", "client.example").getLines();

        assertThat(lines).first().hasToString("250-mx.chu.example Hello client.example [192.0.2.1]");
        assertThat(lines).last().asString().startsWith("250 ");
        assertThat(lines).extracting(CharSequence::toString).contains("250-PIPELINING", "250-ENHANCEDSTATUSCODES");
    }

    @Test
    void theHeloReplyIsOneLineEndingWithTheClientsAddressInBrackets() {
        assertThat(new HeloReply(mock(MetricFactory.class)).doCoreCmd(session, "HELO", "client.example").getLines())
            .extracting(CharSequence::toString)
            .containsExactly("250 mx.chu.example Hello client.example [192.0.2.1]");
    }
}
