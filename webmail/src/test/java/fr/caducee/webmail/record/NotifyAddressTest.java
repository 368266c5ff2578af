package fr.caducee.webmail.record;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotifyAddressTest {

    @Test
    void plainAddressesAreTakenWithTheirDomainInLowerCase() {
        assertThat(NotifyAddress.parse("paul.durand@exemple.fr")).contains("paul.durand@exemple.fr");
        assertThat(NotifyAddress.parse(" Paul+avis@Mail.Exemple.FR ")).contains("Paul+avis@mail.exemple.fr");
        assertThat(NotifyAddress.parse("o'brien@exemple.co.uk")).contains("o'brien@exemple.co.uk");
        assertThat(NotifyAddress.parse("x@xn--exemple-9ua.fr")).contains("x@xn--exemple-9ua.fr");
    }

    @Test
    void anythingAHeaderCouldBeBentWithIsRefused() {
        for (String bad : new String[] {"", "paul", "paul@", "@exemple.fr", "paul@exemple", "paul@@exemple.fr",
                "paul durand@exemple.fr", "\"paul\"@exemple.fr", "paul@exemple.fr\r\nBcc: x@y.fr", "paul@exemple.fr, x@y.fr",
                "Paul <paul@exemple.fr>", "paul@exemple.fr (perso)", ".paul@exemple.fr", "paul.@exemple.fr",
                "pa..ul@exemple.fr", "paul@-exemple.fr", "paul@exemple..fr", "paul@exemple.f", "paul@exemple.123",
                "paul@[127.0.0.1]", "pàul@exemple.fr", "paul@exemplé.fr", "a".repeat(65) + "@exemple.fr"}) {
            assertThat(NotifyAddress.parse(bad)).as(bad).isEmpty();
        }
    }
}
