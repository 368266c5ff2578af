package fr.caducee.server.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import fr.caducee.trust.whitelist.Whitelist;
import fr.caducee.trust.whitelist.WhitelistRefresher;

class WhitelistRoutesTest {
    private static final String DN_A = "CN=mx.a.fr,OU=1,O=\"OPERATEUR  A\",C=FR";
    private static final String DN_B = "CN=mx.b.fr, OU=2, O=OPERATEUR B, C=FR";

    @TempDir
    Path dir;

    private static String entry(String name, String dn) {
        return "<Domaine><Nom>" + name + "</Nom><Description>Desc " + name + "</Description>"
            + "<DNCertificatOperateur>" + dn + "</DNCertificatOperateur>"
            + "<ResponsableContact>01 02, resp@" + name + "</ResponsableContact>"
            + "<SupportContact>01 03, support@" + name + "</SupportContact>"
            + "<DateMAJ>2025-03-13T14:54:10Z</DateMAJ></Domaine>\n";
    }

    private static String list(String entries) {
        return "<ListeBlancheMSSante xmlns=\"https://listeblanche.mssante.fr/schema\">\n"
            + "<DateDeGeneration>2025-03-13T14:54:10Z</DateDeGeneration>\n<ListeDomaines>\n" + entries
            + "</ListeDomaines>\n</ListeBlancheMSSante>\n";
    }

    private WhitelistRefresher loaded(Path file, Path checksum) throws Exception {
        WhitelistRefresher refresher = new WhitelistRefresher(file.toString(),
            checksum == null ? null : checksum.toString(), null);
        assertThat(refresher.refreshNow().success()).isTrue();
        return refresher;
    }

    @Test
    void reportsTheListsSourceDateAndCounts() throws Exception {
        Path file = Files.writeString(dir.resolve("lb.xml"), list(entry("a.fr", DN_A) + entry("b.fr", DN_B)
            + entry("c.fr", DN_B) + entry("a.fr", "CN=mx.a.fr, OU=1, O=OPERATEUR A, C=FR")
            + "<Domaine><Nom>d.fr</Nom></Domaine>\n"));

        JsonNode json = WhitelistRoutes.describe(loaded(file, null), false);

        assertThat(json.get("source").asText()).isEqualTo(file.toString());
        assertThat(json.has("checksumSource")).isFalse();
        assertThat(json.get("generatedAt").asText()).isEqualTo("2025-03-13T14:54:10Z");
        assertThat(json.get("domains").asInt()).isEqualTo(3);
        assertThat(json.get("entries").asInt()).isEqualTo(4);
        assertThat(json.get("operators").asInt()).isEqualTo(2);
        assertThat(json.get("skipped").asInt()).isEqualTo(1);
        assertThat(json.get("skippedEntries").get(0).asText()).contains("(d.fr) has no <DNCertificatOperateur>");
        assertThat(json.get("lastRefresh").get("success").asBoolean()).isTrue();
        assertThat(json.get("lastRefresh").get("reason").asText()).contains("loaded 3 domains");
        assertThat(json.has("lastRefusal")).isFalse();
        assertThat(json.has("list")).isFalse();
        assertThat(WhitelistRoutes.describe(loaded(file, null), true).get("list").toString())
            .isEqualTo("[\"a.fr\",\"b.fr\",\"c.fr\"]");
    }

    @Test
    void reportsTheLastRefusalAndItsReasonWhileTheLastGoodListStays() throws Exception {
        Path file = Files.writeString(dir.resolve("lb.xml"), list(entry("a.fr", DN_A)));
        Path checksum = Files.writeString(dir.resolve("checksum"),
            "0000000000000000000000000000000000000000000000000000000000000000\n");
        WhitelistRefresher refresher = new WhitelistRefresher(file.toString(), null, null);
        refresher.refreshNow();
        WhitelistRefresher checked = new WhitelistRefresher(file.toString(), checksum.toString(), null);

        assertThat(checked.refreshNow().success()).isFalse();
        JsonNode json = WhitelistRoutes.describe(checked, false);

        assertThat(json.get("checksumSource").asText()).isEqualTo(checksum.toString());
        assertThat(json.get("domains").asInt()).isZero();
        assertThat(json.get("generatedAt").isNull()).isTrue();
        assertThat(json.get("lastRefresh").get("success").asBoolean()).isFalse();
        assertThat(json.get("lastRefusal").get("reason").asText()).startsWith("checksum mismatch: the ");

        Files.writeString(file, "<ListeBlanche xmlns=\"https://listeblanche.mssante.fr/schema\"/>");
        refresher.refreshNow();
        JsonNode kept = WhitelistRoutes.describe(refresher, false);
        assertThat(kept.get("domains").asInt()).isEqualTo(1);
        assertThat(kept.get("lastRefusal").get("reason").asText()).contains("this is not the format ANS publishes");
    }

    @Test
    void describesTheOperatorsAndContactsOfADomain() throws Exception {
        Path file = Files.writeString(dir.resolve("lb.xml"), list(entry("a.fr", DN_A) + entry("A.fr", DN_B)));
        Whitelist current = loaded(file, null).current();

        JsonNode json = WhitelistRoutes.describeDomain(current, "a.fr");

        assertThat(json.get("domain").asText()).isEqualTo("a.fr");
        assertThat(json.get("operators")).hasSize(2);
        assertThat(json.get("entries").get(1).get("operator").asText()).isEqualTo(DN_B);
        assertThat(json.get("entries").get(1).get("supportContact").asText()).isEqualTo("01 03, support@A.fr");
        assertThat(json.get("entries").get(0).get("updatedAt").asText()).isEqualTo("2025-03-13T14:54:10Z");
        // The patient sub-domain has the same operators.
        assertThat(WhitelistRoutes.describeDomain(current, "patient.a.fr").get("operators")).hasSize(2);
    }
}
