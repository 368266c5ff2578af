package fr.caducee.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import fr.caducee.domain.identifier.InvalidIdentifierException;

class BoxAddressTest {

    @Test
    void theWholeAddressIsLowerCased() {
        BoxAddress address = BoxAddress.parse("Cardiologie.Chef@CHU-Exemple.MSSante.fr");

        assertThat(address.address()).isEqualTo("cardiologie.chef@chu-exemple.mssante.fr");
        assertThat(address.localPart()).isEqualTo("cardiologie.chef");
        assertThat(address.domain()).isEqualTo("chu-exemple.mssante.fr");
        assertThat(address).hasToString("cardiologie.chef@chu-exemple.mssante.fr")
                .isEqualTo(BoxAddress.parse("cardiologie.chef@chu-exemple.mssante.fr"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jean.dupont@medecin.mssante.fr", "labo+crbio@labo-exemple.mssante.fr",
        "o'brien@ch.mssante.fr", "svc_dmp-01@app.editeur.fr", "a@b.co"})
    void ordinaryAddressesAreAccepted(String value) {
        assertThat(BoxAddress.parse(value).address()).isEqualTo(value);
    }

    @Test
    void surroundingBlanksAreIgnored() {
        assertThat(BoxAddress.parse("  a@b.fr\t")).isEqualTo(BoxAddress.parse("a@b.fr"));
    }

    @ParameterizedTest
    @CsvSource({
        "dr@café.mssante.fr, dr@xn--caf-dma.mssante.fr",
        "dr@CAFÉ.mssante.fr, dr@xn--caf-dma.mssante.fr",
        "dr@xn--caf-dma.mssante.fr, dr@xn--caf-dma.mssante.fr",
        "dr@hôpital-sud.fr, dr@xn--hpital-sud-rbb.fr",
        "dr@chu。mssante。fr, dr@chu.mssante.fr",
        "dr@straße.de, dr@strasse.de",
    })
    void internationalisedDomainsAreConvertedToTheirAsciiForm(String value, String expected) {
        assertThat(BoxAddress.parse(value).address()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a%b@relay.fr               | box address a%b@relay.fr: '%' in the local part is refused"
                + " (it would relay the mail to another host)",
        "host!user@relay.fr         | box address host!user@relay.fr: '!' in the local part is refused"
                + " (bang-path relaying)",
        "@relay.fr:user@target.fr   | box address @relay.fr:user@target.fr: source routes"
                + " (@relay,...:user@domain) are not accepted",
        "@r1.fr,@r2.fr:u@target.fr  | box address @r1.fr,@r2.fr:u@target.fr: source routes"
                + " (@relay,...:user@domain) are not accepted",
        "user@[192.0.2.1]           | box address user@[192.0.2.1]: IP-literal domains ([...]) are not accepted",
        "user@[IPv6:2001:db8::1]    | box address user@[IPv6:2001:db8::1]: IP-literal domains ([...]) are not accepted",
        "user@192.0.2.1             | box address user@192.0.2.1: domain 192.0.2.1 looks like an IP address;"
                + " IP addresses are not accepted",
        "\"a@b\"@c.fr                | box address \"\\\"a@b\\\"@c.fr\": quoted local parts are not accepted",
        "a\\@b@c.fr                  | box address \"a\\\\@b@c.fr\": backslash escapes are not accepted",
    })
    void relayTricksAreRefused(String value, String message) {
        assertThatThrownBy(() -> BoxAddress.parse(value))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jean.dupont.mssante.fr  | box address jean.dupont.mssante.fr: has no @ between local part and domain",
        "@mssante.fr             | box address @mssante.fr: local part (before the @) is empty",
        "jean@                   | box address jean@: domain (after the @) is empty",
        "a@b@c.fr                | box address a@b@c.fr: contains more than one @",
        "a@localhost             | box address a@localhost: domain localhost must have at least two labels"
                + " (name and top-level domain)",
        "a@b.fr.                 | box address a@b.fr.: domain must not start or end with a dot,"
                + " nor contain an empty label",
        "a@b..fr                 | box address a@b..fr: domain must not start or end with a dot,"
                + " nor contain an empty label",
        ".a@b.fr                 | box address .a@b.fr: local part must not start or end with a dot,"
                + " nor contain two dots in a row",
        "a..b@b.fr               | box address a..b@b.fr: local part must not start or end with a dot,"
                + " nor contain two dots in a row",
        "a<b@c.fr                | box address a<b@c.fr: character '<' is not allowed in the local part",
        "josé@c.fr               | box address josé@c.fr: local part must be ASCII, found 'é' at position 4",
        "a@exa_mple.fr           | box address a@exa_mple.fr: domain exa_mple.fr is not a valid host name"
                + " (Contains non-LDH ASCII characters)",
        "a@-x.fr                 | box address a@-x.fr: domain -x.fr is not a valid host name"
                + " (Has leading or trailing hyphen)",
        "a@c.fr:25               | box address a@c.fr:25: domain c.fr:25 is not a valid host name"
                + " (Contains non-LDH ASCII characters)",
    })
    void malformedAddressesAreRefusedWithAPreciseMessage(String value, String message) {
        assertThatThrownBy(() -> BoxAddress.parse(value)).hasMessage(message);
    }

    @Test
    void blanksAndControlCharactersInsideAreRefused() {
        assertThatThrownBy(() -> BoxAddress.parse("jean dupont@c.fr"))
                .hasMessage("box address \"jean dupont@c.fr\": contains a space at position 5");
        assertThatThrownBy(() -> BoxAddress.parse("a@c.fr\r\nRCPT TO:<x@evil.example>"))
                .hasMessage("box address \"a@c.fr\\r\\nRCPT TO:<x@evil.example>\": contains a control character"
                        + " at position 7");
        assertThatThrownBy(() -> BoxAddress.parse("a\u00a0b@c.fr"))
                .hasMessage("box address \"a\\u00a0b@c.fr\": contains a space at position 2");
    }

    @Test
    void missingAndEmptyValuesAreRefused() {
        assertThatThrownBy(() -> BoxAddress.parse(null)).hasMessage("box address <null>: is missing");
        assertThatThrownBy(() -> BoxAddress.parse(" ")).hasMessage("box address \" \": is empty");
    }

    @Test
    void addressesLongerThan254CharactersAreRefused() {
        String domain = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + ".fr";
        String fits = "x".repeat(254 - domain.length() - 1) + "@" + domain;

        assertThat(BoxAddress.parse(fits).address()).hasSize(254);
        assertThatThrownBy(() -> BoxAddress.parse("x" + fits))
                .hasMessageEndingWith(": is 255 characters long; the limit is 254");
    }

    @Test
    void addressesThatOnlyExceedTheLimitOnceInAsciiFormAreRefused() {
        // Ideographs cost about three ASCII characters each in punycode.
        StringBuilder domain = new StringBuilder();
        for (int label = 0; label < 7; label++) {
            for (int i = 0; i < 14; i++) {
                domain.append((char) (0x4E00 + label * 37 + i * 101));
            }
            domain.append('.');
        }
        String value = "x@" + domain + "fr";

        assertThat(value).hasSizeLessThan(120);
        assertThatThrownBy(() -> BoxAddress.parse(value))
                .hasMessageContaining("characters long once the domain is in ASCII form; the limit is 254");
    }

    @Test
    void localPartsLongerThan64CharactersAreRefused() {
        assertThat(BoxAddress.parse("x".repeat(64) + "@c.fr").localPart()).hasSize(64);
        assertThatThrownBy(() -> BoxAddress.parse("x".repeat(65) + "@c.fr"))
                .hasMessageEndingWith(": local part is 65 characters long; the limit is 64");
    }
}
