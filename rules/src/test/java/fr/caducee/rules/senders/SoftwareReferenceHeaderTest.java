package fr.caducee.rules.senders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SoftwareReferenceHeaderTest {
    private SoftwareReferenceHeader mailet;

    @BeforeEach
    void setUp() throws Exception {
        mailet = new SoftwareReferenceHeader(login -> login.equals("dpi@chu.localhost") ? Optional.of("DPI-Registered-3.1") : Optional.empty());
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
    void anApplicativeBoxAlwaysCarriesItsRegisteredReference() throws Exception {
        FakeMail mail = FakeMail.builder().name("m3")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addHeader(SoftwareReferenceHeader.HEADER, "SomethingElse-1.0")
                .setSubject("CR").setText("texte"))
            .attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("dpi@chu.localhost")))
            .build();

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader(SoftwareReferenceHeader.HEADER)).containsExactly("DPI-Registered-3.1");
    }

    @Test
    void aProfessionalsOwnClientKeepsTheDefault() throws Exception {
        FakeMail mail = FakeMail.builder().name("m4")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Bonjour").setText("texte"))
            .attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("dr.x@chu.localhost")))
            .build();

        mailet.service(mail);

        assertThat(mail.getMessage().getHeader(SoftwareReferenceHeader.HEADER)).containsExactly("Caducee/0.1");
    }

    @Test
    void missingDefaultReferenceIsRefusedAtStart() {
        assertThatThrownBy(() -> new SoftwareReferenceHeader(login -> login.equals("dpi@chu.localhost") ? Optional.of("DPI-Registered-3.1") : Optional.empty()).init(FakeMailetConfig.builder()
                .mailetName("SoftwareReferenceHeader").build()))
            .isInstanceOf(MessagingException.class)
            .hasMessageContaining("defaultReference");
    }

    @Test
    void nonAsciiDefaultReferenceIsRefusedAtStart() {
        assertThatThrownBy(() -> new SoftwareReferenceHeader(login -> login.equals("dpi@chu.localhost") ? Optional.of("DPI-Registered-3.1") : Optional.empty()).init(FakeMailetConfig.builder()
                .mailetName("SoftwareReferenceHeader").setProperty("defaultReference", "Caducée\n").build()))
            .isInstanceOf(MessagingException.class);
    }
}
