package fr.caducee.rules.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import javax.mail.MessagingException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryFailuresTest {
    @AfterEach
    void forget() {
        DeliveryFailures.take("");
    }

    @Test
    void theFailureOfTheMailBeingDeliveredIsTakenBackOnceWithItsCauses() {
        DeliveryFailures.note("Mail1-a", new MessagingException("Couldn't connect to host, port: localhost, 25",
            new ConnectException("Connection refused")));

        assertThat(DeliveryFailures.take("Mail1-a"))
            .contains("Couldn't connect to host, port: localhost, 25: Connection refused");
        assertThat(DeliveryFailures.take("Mail1-a")).isEmpty();
    }

    @Test
    void aFailureNotedForAnotherMailIsNotTaken() {
        DeliveryFailures.note("Mail1-a", new MessagingException("451 4.3.0 try later"));

        assertThat(DeliveryFailures.take("Mail2-b")).isEmpty();
        assertThat(DeliveryFailures.take("Mail1-a")).as("forgotten by the other mail's take").isEmpty();
    }

    @Test
    void nothingIsNotedOutsideADelivery() {
        DeliveryFailures.note(null, new MessagingException("no mail in the context"));

        assertThat(DeliveryFailures.take("Mail1-a")).isEmpty();
    }

    @Test
    void aReasonIsOneLineOfAtMostFiveHundredCharacters() {
        assertThat(DeliveryFailures.reason(new MessagingException("first line\nsecond line"))).isEqualTo("first line");
        assertThat(DeliveryFailures.reason(new MessagingException("x".repeat(800)))).hasSize(503);
    }
}
