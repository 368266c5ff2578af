package fr.caducee.rules.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSession;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditUnavailableException;
import fr.caducee.audit.Decision;
import fr.caducee.rules.patients.FakeSmtpSession;
import fr.caducee.rules.peers.PeerCertificateHook;
import fr.caducee.rules.peers.PeerIdentity;

class AcceptanceRecordTest {
    private static final PeerIdentity PEER = new PeerIdentity("CN=mx.clinique.localhost,O=Clinique", "CN=IGC-Santé de test",
        "1f", List.of("mx.clinique.localhost"), true);

    private final List<AuditRecord> trail = new ArrayList<>();

    @Test
    void aMessageFromALoggedInBoxIsRecordedAcceptedWithItsEnvelopeButNoBody() throws Exception {
        SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");

        new AcceptanceRecord(trail::add).append(session, mail());

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.ACCEPTED);
            assertThat(record.via()).isEqualTo("submission");
            assertThat(record.login()).isEqualTo("dr.durand@chu.localhost");
            assertThat(record.peer()).isNull();
            assertThat(record.mail()).isEqualTo("Mail1");
            assertThat(record.messageId()).isEqualTo("<m1@chu.localhost>");
            assertThat(record.sender()).isEqualTo("dr.durand@chu.localhost");
            assertThat(record.recipients()).containsExactly("secretariat@clinique.localhost");
            assertThat(record.size()).isEqualTo(2048);
            assertThat(record.session()).isEqualTo("fake-session");
            assertThat(record.toString()).doesNotContain("Compte rendu confidentiel");
        });
    }

    @Test
    void aMessageFromAPeerIsRecordedWithTheProvenIdentityAlsoAttachedToTheMail() throws Exception {
        SMTPSession session = FakeSmtpSession.mx(mock(SSLSession.class));
        session.setAttachment(PeerCertificateHook.PEER, PEER, ProtocolSession.State.Connection);
        Mail mail = mail();
        AcceptanceRecord acceptance = new AcceptanceRecord(trail::add);

        acceptance.attachPeer(session, mail);
        acceptance.append(session, mail);

        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.via()).isEqualTo("mx");
            assertThat(record.login()).isNull();
            assertThat(record.peer()).contains("CN=mx.clinique.localhost,O=Clinique").contains("peer.serial=1f");
        });
        assertThat(attribute(mail, "subject")).isEqualTo("CN=mx.clinique.localhost,O=Clinique");
        assertThat(attribute(mail, "issuer")).isEqualTo("CN=IGC-Santé de test");
        assertThat(attribute(mail, "serial")).isEqualTo("1f");
        assertThat(attribute(mail, "san")).isEqualTo("mx.clinique.localhost");
    }

    @Test
    void aRecordTheTrailCannotTakeIsReportedToTheCaller() throws Exception {
        SMTPSession session = FakeSmtpSession.submission("dr.durand@chu.localhost");
        AcceptanceRecord acceptance = new AcceptanceRecord(record -> {
            throw new AuditUnavailableException("No space left on device", null);
        });

        assertThatThrownBy(() -> acceptance.append(session, mail())).isInstanceOf(AuditUnavailableException.class);
    }

    private static String attribute(Mail mail, String name) {
        return AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of("caducee.peer." + name), String.class)
            .orElse(null);
    }

    private static Mail mail() throws Exception {
        return FakeMail.builder().name("Mail1").sender("dr.durand@chu.localhost")
            .recipient("secretariat@clinique.localhost")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addFrom("dr.durand@chu.localhost")
                .addToRecipient("secretariat@clinique.localhost")
                .addHeader("Message-ID", "<m1@chu.localhost>")
                .setText("Compte rendu confidentiel")
                .build())
            .size(2048).build();
    }
}
