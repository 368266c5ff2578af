package fr.caducee.server.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.common.collect.ImmutableMap;

class RecordSentTest {
    static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    final InMemoryReceiptStore store = new InMemoryReceiptStore();
    final RecordSent mailet = new RecordSent(store, Clock.fixed(T0, ZoneOffset.UTC));

    @BeforeEach
    void init() throws Exception {
        mailet.init(FakeMailetConfig.builder().mailetName("RecordSent").build());
    }

    @Test
    void recordsMessageIdEnvelopeIdAndEachRecipientWithItsOrcpt() throws Exception {
        MailAddress dmp = new MailAddress("dmp@chu.test");
        MailAddress other = new MailAddress("B@Other.test");
        FakeMail mail = FakeMail.builder().name("mail-1").sender("Dr.Martin@chu.test").recipients(dmp, other)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Message-ID", "<m1@chu.test>")
                .setSubject("XDM/1.0/DDM+CR").setText("x"))
            .build();
        mail.setDsnParameters(DsnParameters.builder().envId(DsnParameters.EnvId.of("env-1"))
            .rcptParameters(ImmutableMap.of(dmp, DsnParameters.RecipientDsnParameters.of(
                EnumSet.of(DsnParameters.Notify.SUCCESS), new MailAddress("dmp-alias@chu.test"))))
            .build().orElseThrow());

        mailet.service(mail);

        assertThat(store.sent).singleElement().satisfies(sent -> {
            assertThat(sent.senderBox()).isEqualTo("dr.martin@chu.test");
            assertThat(sent.messageId()).contains("<m1@chu.test>");
            assertThat(sent.envelopeId()).contains("env-1");
            assertThat(sent.acceptedAt()).isEqualTo(T0);
            assertThat(sent.recipients()).containsExactly(
                new SentMessage.Recipient("dmp@chu.test", Optional.of("dmp-alias@chu.test")),
                new SentMessage.Recipient("b@other.test", Optional.empty()));
        });
    }

    @Test
    void theSameMailProcessedAgainAfterACrashIsRecordedOnce() throws Exception {
        FakeMail mail = FakeMail.builder().name("mail-1").sender("dr.martin@chu.test").recipient("a@chu.test")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Message-ID", "<m1@chu.test>").setText("x"))
            .build();

        mailet.service(mail);
        mailet.service(mail);

        assertThat(store.sent).hasSize(1);
    }

    @Test
    void aMessageFromTheNullSenderIsNotFollowed() throws Exception {
        FakeMail bounce = FakeMail.builder().name("mail-2").sender(org.apache.james.core.MaybeSender.nullSender())
            .recipient("a@chu.test").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("x")).build();

        mailet.service(bounce);

        assertThat(store.sent).isEmpty();
    }

    @Test
    void aStoreThatFailsDoesNotStopTheMail() throws Exception {
        RecordSent failing = new RecordSent(new InMemoryReceiptStore() {
            @Override
            public void recordSent(String mailName, String senderBox, Optional<String> messageId,
                                   Optional<String> envelopeId, java.util.List<SentMessage.Recipient> recipients,
                                   Instant acceptedAt) {
                throw new IllegalStateException("database down");
            }
        }, Clock.fixed(T0, ZoneOffset.UTC));
        FakeMail mail = FakeMail.builder().name("mail-3").sender("dr.martin@chu.test").recipient("a@chu.test")
            .state("root").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("x")).build();

        failing.service(mail);

        assertThat(mail.getState()).isEqualTo("root");
    }
}
