package fr.caducee.server.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.identity.smime.SignatureResult;
import fr.caducee.rules.Rule;
import fr.caducee.rules.senders.ServerWritten;

class SignatureCheckTest {
    private final TestSignatures signatures = new TestSignatures();
    private final List<AuditRecord> trail = new ArrayList<>();

    @TempDir
    Path folder;

    @Test
    void aValidSignatureIsToldInTheHeaderAndTheAuditTrailAndTheMailGoesOn() throws Exception {
        FakeMail mail = mail(signed());

        mailet(true).service(mail);

        assertThat(javax.mail.internet.MimeUtility.unfold(mail.getMessage().getHeader(SignatureResult.HEADER, null)))
            .startsWith("valid; signer=\"CN=Caducee operator signature,O=Caducee,C=FR\"");
        assertThat(mail.getState()).isEqualTo("root");
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.SIGNATURE_CHECKED);
            assertThat(record.rule()).isEqualTo(Rule.SMIME_SIGNATURE_VALID.id());
            assertThat(record.reason()).contains("CN=Caducee operator signature");
        });
    }

    @Test
    void anAlteredMessageIsDeliveredMarkedInvalid() throws Exception {
        String text = new String(TestSignatures.bytes(signed()), StandardCharsets.ISO_8859_1);
        FakeMail mail = mail(TestSignatures.message(text.replace("\r\n", "\n")
            .replace("Un nouveau document est", "Un autre document est")));

        mailet(true).service(mail);

        assertThat(mail.getMessage().getHeader(SignatureResult.HEADER, null)).startsWith("invalid;");
        assertThat(trail).singleElement().extracting(AuditRecord::rule).isEqualTo(Rule.SMIME_SIGNATURE_INVALID.id());
        assertThat(mail.getState()).isEqualTo("root");
    }

    @Test
    void anUnsignedMessageGetsNothing() throws Exception {
        FakeMail mail = mail(TestSignatures.notice());

        mailet(true).service(mail);

        assertThat(mail.getMessage().getHeader(SignatureResult.HEADER)).isNull();
        assertThat(trail).isEmpty();
    }

    @Test
    void theServersOwnMailsAndAVerificationTurnedOffAreNotChecked() throws Exception {
        FakeMail ours = mail(signed());
        ServerWritten.mark(ours, "dsn");
        FakeMail theirs = mail(signed());

        mailet(true).service(ours);
        mailet(false).service(theirs);

        assertThat(ours.getMessage().getHeader(SignatureResult.HEADER)).isNull();
        assertThat(theirs.getMessage().getHeader(SignatureResult.HEADER)).isNull();
        assertThat(trail).isEmpty();
    }

    private MimeMessage signed() throws Exception {
        return TestSignatures.message(new String(TestSignatures.bytes(signatures.signer.sign(TestSignatures.notice())),
            StandardCharsets.ISO_8859_1).replace("\r\n", "\n"));
    }

    private static FakeMail mail(MimeMessage message) throws Exception {
        return FakeMail.builder().name("mail-1").sender("dr.martin@chu-exemple.fr")
            .recipient("dr.durand@caducee.localhost").state("root").mimeMessage(message).build();
    }

    private SignatureCheck mailet(boolean verify) throws Exception {
        SignatureCheck mailet = new SignatureCheck(signatures.verifier(folder), trail::add,
            signatures.signature(true, verify));
        mailet.init(FakeMailetConfig.builder().mailetName("SignatureCheck").build());
        return mailet;
    }
}
