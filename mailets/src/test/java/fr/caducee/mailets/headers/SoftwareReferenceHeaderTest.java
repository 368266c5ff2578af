package fr.caducee.mailets.headers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.mail.MessagingException;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SoftwareReferenceHeaderTest {
    private SoftwareReferenceHeader mailet;

    @BeforeEach
    void setUp() throws Exception {
        mailet = new SoftwareReferenceHeader();
        mailet.init(FakeMailetConfig.builder()
            .mailetName("SoftwareReferenceHeader")
            .setProperty("defaultReference", "Caducee/0.1")
            .build());
    }

    @Test
    void messageWithoutReferenceGetsTheServerDefault() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Bonjour").setText("texte"))
            .build();

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader(SoftwareReferenceHeader.HEADER)).containsExactly("Caducee/0.1");
    }

    @Test
    void referenceSetByThePracticeSoftwareIsKept() throws Exception {
        FakeMail mail = FakeMail.builder().name("m2")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addHeader(SoftwareReferenceHeader.HEADER, "LogicielCabinet-4.2")
                .setSubject("CR").setText("texte"))
            .build();

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader(SoftwareReferenceHeader.HEADER)).containsExactly("LogicielCabinet-4.2");
    }

    @Test
    void missingDefaultReferenceIsRefusedAtStart() {
        assertThatThrownBy(() -> new SoftwareReferenceHeader().init(FakeMailetConfig.builder()
                .mailetName("SoftwareReferenceHeader").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("defaultReference");
    }

    @Test
    void nonAsciiDefaultReferenceIsRefusedAtStart() {
        assertThatThrownBy(() -> new SoftwareReferenceHeader().init(FakeMailetConfig.builder()
                .mailetName("SoftwareReferenceHeader").setProperty("defaultReference", "Caducée\n").build()))
            .isInstanceOf(MessagingException.class);
    }
}
