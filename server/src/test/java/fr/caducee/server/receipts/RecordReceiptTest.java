package fr.caducee.server.receipts;

import static fr.caducee.server.receipts.ReportReaderTest.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecordReceiptTest {
    static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
    static final String JANE = "jane_sender@example.org";

    final InMemoryReceiptStore store = new InMemoryReceiptStore();
    final RecordReceipt mailet = new RecordReceipt(new ReceiptRecorder(store, mock(SentCopies.class)),
        Clock.fixed(T0, ZoneOffset.UTC));

    @BeforeEach
    void janeSentTheFirstDraft() throws Exception {
        mailet.init(FakeMailetConfig.builder().mailetName("RecordReceipt").build());
        store.recordSent("mail-1", JANE, Optional.of("<199509192301.23456@example.org>"), Optional.empty(),
            List.of(new SentMessage.Recipient("joe_recipient@example.com", Optional.empty())), T0.minusSeconds(60));
    }

    @Test
    void anMdnDeliveredToTheSenderIsRecordedAndTheMailGoesOnUnchanged() throws Exception {
        FakeMail mail = FakeMail.builder().name("mdn-1").recipient(JANE).state("local-delivered")
            .mimeMessage(message(ReportReaderTest.RFC8098_DISPLAYED)).build();

        mailet.service(mail);

        assertThat(store.receipts).singleElement().satisfies(stored -> {
            assertThat(stored.receipt().recipient()).isEqualTo("joe_recipient@example.com");
            assertThat(stored.receipt().status()).isEqualTo("displayed");
            assertThat(stored.receipt().receiptMessageId()).isEqualTo("<199509200019.12345@example.com>");
            assertThat(stored.receipt().receivedAt()).isEqualTo(T0);
        });
        assertThat(mail.getState()).isEqualTo("local-delivered");
    }

    @Test
    void anMdnSignedByItsOperatorIsReadFromWhatItSigned() throws Exception {
        fr.caducee.trust.pki.CertificateAuthority root = fr.caducee.trust.pki.CertificateAuthority.createRoot("AC",
            T0.minusSeconds(3600), Instant.now().plusSeconds(86_400));
        fr.caducee.trust.pki.IssuedCertificate operator = root.issue(fr.caducee.trust.pki.SigningRequest.of(
            "CN=Operator,O=Example,C=FR", "postmaster@example.com"));
        fr.caducee.identity.smime.ServerSigner signer = new fr.caducee.identity.smime.ServerSigner(
            fr.caducee.identity.smime.SigningKey.of(operator.privateKey(), operator.chain(), Instant.now(), "test"));
        FakeMail mail = FakeMail.builder().name("mdn-s").recipient(JANE).state("local-delivered")
            .mimeMessage(signer.sign(message(ReportReaderTest.RFC8098_DISPLAYED))).build();

        mailet.service(mail);

        assertThat(store.receipts).singleElement().satisfies(stored -> {
            assertThat(stored.receipt().status()).isEqualTo("displayed");
            assertThat(stored.receipt().receiptMessageId()).isEqualTo("<199509200019.12345@example.com>");
        });
    }

    @Test
    void anUnreadableReportIsLeftAsItIs() throws Exception {
        FakeMail mail = FakeMail.builder().name("mdn-2").recipient(JANE).state("local-delivered")
            .mimeMessage(message(ReportReaderTest.RFC8098_DISPLAYED.replace("; displayed", " displayed"))).build();

        mailet.service(mail);

        assertThat(store.receipts).isEmpty();
        assertThat(mail.getState()).isEqualTo("local-delivered");
    }

    @Test
    void anOrdinaryMessageIsNotLookedInto() throws Exception {
        FakeMail mail = FakeMail.builder().name("m-3").recipient(JANE).state("local-delivered")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("Bonjour").setText("x")).build();

        mailet.service(mail);

        assertThat(store.receipts).isEmpty();
        assertThat(mail.getState()).isEqualTo("local-delivered");
    }

    @Test
    void aStoreThatFailsLeavesTheMailGoingOn() throws Exception {
        RecordReceipt failing = new RecordReceipt(new ReceiptRecorder(new InMemoryReceiptStore() {
            @Override
            public Optional<SentMessage> findSent(String senderBox, Optional<String> messageId,
                                                  Optional<String> envelopeId) {
                throw new IllegalStateException("database down");
            }
        }, mock(SentCopies.class)), Clock.fixed(T0, ZoneOffset.UTC));
        FakeMail mail = FakeMail.builder().name("mdn-4").recipient(JANE).state("local-delivered")
            .mimeMessage(message(ReportReaderTest.RFC8098_DISPLAYED)).build();

        failing.service(mail);

        assertThat(mail.getState()).isEqualTo("local-delivered");
    }
}
