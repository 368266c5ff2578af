package fr.caducee.server.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.net.InetAddress;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import fr.caducee.rules.senders.ServerWritten;

class ServerDsnBounceTest {

    @Test
    void theDsnIsMarkedServerWrittenAndTheOriginalIsNot() throws Exception {
        DNSService dns = mock(DNSService.class);
        Mockito.when(dns.getLocalHost()).thenReturn(InetAddress.getLoopbackAddress());
        FakeMailContext context = FakeMailContext.builder().postmaster(new org.apache.james.core.MailAddress("postmaster@caducee.localhost")).build();
        ServerDsnBounce mailet = new ServerDsnBounce(dns);
        mailet.init(FakeMailetConfig.builder().mailetName("ServerDsnBounce").mailetContext(context)
            .setProperty("passThrough", "true").build());
        Mail original = FakeMail.builder().name("mail-1").sender("dr.durand@caducee.localhost")
            .recipient("cardio@other-operator.localhost").mimeMessage(TestSignatures.notice())
            .lastUpdated(new java.util.Date()).build();

        mailet.service(original);

        assertThat(context.getSentMails()).singleElement().satisfies(dsn ->
            assertThat(dsn.getAttributes().get(ServerWritten.NAME).getValue().value()).isEqualTo("dsn"));
        assertThat(ServerWritten.writer(original)).isEmpty();
    }

    @Test
    void aServerWrittenOriginalKeepsItsOwnMark() throws Exception {
        DNSService dns = mock(DNSService.class);
        Mockito.when(dns.getLocalHost()).thenReturn(InetAddress.getLoopbackAddress());
        ServerDsnBounce mailet = new ServerDsnBounce(dns);
        mailet.init(FakeMailetConfig.builder().mailetName("ServerDsnBounce")
            .mailetContext(FakeMailContext.builder().postmaster(new org.apache.james.core.MailAddress("postmaster@caducee.localhost")).build()).build());
        Mail original = FakeMail.builder().name("record-1").sender("dmp@caducee.localhost")
            .recipient("x@other-operator.localhost").mimeMessage(TestSignatures.notice())
            .lastUpdated(new java.util.Date()).build();
        ServerWritten.mark(original, "record-notice");

        mailet.service(original);

        assertThat(ServerWritten.writer(original)).contains("record-notice");
    }
}
