package fr.caducee.rules.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemoteOperatorRefusedTest {
    private static final AttributeName DELIVERY_ERROR = AttributeName.of("delivery-error");

    private final RemoteOperatorRefused matcher = new RemoteOperatorRefused();

    @BeforeEach
    void init() throws Exception {
        matcher.init(FakeMatcherConfig.builder().matcherName("RemoteOperatorRefused").build());
    }

    @Test
    void aMailRefusedBecauseTheRemoteCertificateIsNotTheListedOperatorsIsMatchedWithAllItsRecipients() throws Exception {
        Mail mail = mail(new RemoteOperatorCheck(domain -> false).reply("mx.clinique.localhost", null,
            Set.of("clinique.localhost")));

        assertThat(matcher.match(mail)).containsExactlyInAnyOrderElementsOf(mail.getRecipients());
    }

    @Test
    void anyOtherFailedDeliveryIsNotMatched() throws Exception {
        assertThat(matcher.match(mail("550 5.1.1 <dr.x@clinique.localhost>: Recipient address rejected"))).isEmpty();
    }

    @Test
    void aMailWithoutDeliveryErrorIsNotMatched() throws Exception {
        assertThat(matcher.match(FakeMail.builder().name("m").recipient("dr.x@clinique.localhost").build())).isEmpty();
    }

    private static Mail mail(String deliveryError) throws Exception {
        Mail mail = FakeMail.builder().name("m").recipients("dr.x@clinique.localhost", "dr.y@clinique.localhost").build();
        mail.setAttribute(new Attribute(DELIVERY_ERROR, AttributeValue.of(deliveryError)));
        return mail;
    }
}
