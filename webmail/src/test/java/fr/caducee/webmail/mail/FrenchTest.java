package fr.caducee.webmail.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class FrenchTest {

    @Test
    void datesAreWrittenInParisTimeWinterAndSummer() {
        assertThat(French.dateTime(Instant.parse("2026-03-12T13:05:00Z"))).isEqualTo("12 mars 2026 à 14:05");
        assertThat(French.dateTime(Instant.parse("2026-07-14T22:30:00Z"))).isEqualTo("15 juillet 2026 à 00:30");
        assertThat(French.machine(Instant.parse("2026-07-14T22:30:00Z"))).isEqualTo("2026-07-15T00:30:00+02:00");
    }

    @Test
    void theFirstOfTheMonthIsWrittenPremier() {
        assertThat(French.date(Instant.parse("2026-02-28T23:30:00Z"))).isEqualTo("1er mars 2026");
    }

    @Test
    void sizesAreInFrenchUnitsWithADecimalCommaForSmallValues() {
        assertThat(French.size(0)).isEqualTo("0 octet");
        assertThat(French.size(512)).isEqualTo("512 octets");
        assertThat(French.size(122_880)).isEqualTo("120 Ko");
        assertThat(French.size(1_536)).isEqualTo("1,5 Ko");
        assertThat(French.size(1_048_576)).isEqualTo("1 Mo");
        assertThat(French.size(10L * 1024 * 1024)).isEqualTo("10 Mo");
        assertThat(French.size(2_400_000)).isEqualTo("2,3 Mo");
        assertThat(French.size(5L * 1024 * 1024 * 1024)).isEqualTo("5 Go");
    }

    @Test
    void countsTakeTheSingularBelowTwo() {
        assertThat(French.count(0, "message non lu", "messages non lus")).isEqualTo("0 message non lu");
        assertThat(French.count(1, "message non lu", "messages non lus")).isEqualTo("1 message non lu");
        assertThat(French.count(2, "message non lu", "messages non lus")).isEqualTo("2 messages non lus");
    }

    @Test
    void linksEncodeOpaqueIdsSoThatTheyStayOneSegment() {
        assertThat(Links.conversation("3f2a")).isEqualTo("/conversations/3f2a");
        assertThat(Links.attachment("a/../b?c#d é", 2)).isEqualTo("/messages/a%2F..%2Fb%3Fc%23d%20%C3%A9/pieces/2");
        assertThat(Links.reply("x y")).isEqualTo("/conversations/x%20y/reponse");
    }

    @Test
    void aCorrespondentIsShownByNameWithProfessionAndStructure() {
        assertThat(Who.of(FakePorts.DR_MARTIN).full()).isEqualTo("Dr Marie Martin (Médecin - Cardiologie, CHU de Lyon)");
        assertThat(Who.of(FakePorts.PHARMACY).full()).isEqualTo("Pharmacie du Centre (Pharmacien)");
        assertThat(Who.of(fr.caducee.webmail.port.Correspondent.unknown("x@autre.test")).full()).isEqualTo("x@autre.test");
    }
}
