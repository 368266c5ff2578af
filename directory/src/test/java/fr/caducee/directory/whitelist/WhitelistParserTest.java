package fr.caducee.directory.whitelist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhitelistParserTest {

    private static final Instant NOW = Instant.parse("2026-03-02T03:00:00Z");
    private final WhitelistParser parser = new WhitelistParser(Clock.fixed(NOW, ZoneOffset.UTC));

    private Whitelist parseResource(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/whitelist/" + name)) {
            assertThat(in).as(name).isNotNull();
            return parser.parse(in, name);
        }
    }

    private static Whitelist parseString(WhitelistParser parser, String xml) throws Exception {
        return parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "inline");
    }

    @Test
    void readsTheSampleList() throws Exception {
        Whitelist list = parseResource("liste-blanche-sample.xml");

        // 12 Domaine elements, one of which repeats chu-lyon.mssante.fr in another form.
        assertThat(list.size()).isEqualTo(11);
        assertThat(list.domains()).contains("medecin.mssante.fr", "chu-lyon.mssante.fr",
                "xn--hpital-exemple-0ob.fr", "xn--clinique-sainte-thrse-64bv.mssante.fr", "caducee.example.fr");
        assertThat(list.contains("hôpital-exemple.fr")).isTrue();
        assertThat(list.loadedAt()).isEqualTo(NOW);
        assertThat(list.source()).isEqualTo("liste-blanche-sample.xml");
    }

    @Test
    void ignoresNomOutsideDomaine() throws Exception {
        Whitelist list = parseResource("liste-blanche-sample.xml");
        // Operator names are also in <Nom> elements; they are not domains.
        assertThat(list.domains()).noneMatch(d -> d.contains("ordres") || d.contains("hospices"));
    }

    @Test
    void readsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lb.xml");
        try (InputStream in = getClass().getResourceAsStream("/whitelist/liste-blanche-sample.xml")) {
            Files.copy(in, file);
        }
        Whitelist list = parser.parse(file);
        assertThat(list.size()).isEqualTo(11);
        assertThat(list.source()).isEqualTo(file.toString());
    }

    @Test
    void refusesNonXml() {
        assertThatThrownBy(() -> parseResource("not-xml.xml"))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("not-xml.xml")
                .hasMessageContaining("not a well-formed XML document at line 1");
    }

    @Test
    void refusesEmptyDocument() {
        assertThatThrownBy(() -> parseString(parser, ""))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("not a well-formed XML document");
    }

    @Test
    void refusesTruncatedDocument() {
        assertThatThrownBy(() -> parseResource("truncated.xml"))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("not a well-formed XML document");
    }

    @Test
    void refusesWrongNamespace() {
        assertThatThrownBy(() -> parseResource("wrong-namespace.xml"))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("root element <ListeBlanche> at line 2 has namespace "
                        + "'https://listeblanche.example.org/schema', expected namespace "
                        + "'https://listeblanche.mssante.fr/schema'");
    }

    @Test
    void refusesMissingNamespace() {
        assertThatThrownBy(() -> parseString(parser, "<ListeBlanche><Domaine><Nom>a.fr</Nom></Domaine></ListeBlanche>"))
                .hasMessageContaining("has no namespace");
    }

    @Test
    void refusesWrongRootElement() {
        assertThatThrownBy(() -> parseString(parser,
                "<Liste xmlns='https://listeblanche.mssante.fr/schema'><Domaine><Nom>a.fr</Nom></Domaine></Liste>"))
                .hasMessageContaining("root element is <Liste> at line 1, expected <ListeBlanche>");
    }

    @Test
    void refusesListWithoutDomain() {
        assertThatThrownBy(() -> parseResource("no-domain.xml"))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("no domain found");
    }

    @Test
    void refusesInvalidDomainNameWithItsLine() {
        assertThatThrownBy(() -> parseResource("invalid-name.xml"))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("<Nom> at line 7: 'chu_lyon.mssante.fr' is not a valid domain name")
                .hasMessageContaining("'_'");
    }

    @Test
    void refusesDoctypeAndExternalEntities() {
        assertThatThrownBy(() -> parseResource("doctype-xxe.xml"))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("root:");
    }

    @Test
    void refusesDomaineWithoutNom() {
        assertThatThrownBy(() -> parseString(parser, "<ListeBlanche xmlns='https://listeblanche.mssante.fr/schema'>\n"
                + "<Domaine><Nom>a.fr</Nom></Domaine>\n<Domaine><Operateur/></Domaine>\n</ListeBlanche>"))
                .hasMessageContaining("<Domaine> at line 3 has no <Nom>");
    }

    @Test
    void refusesEmptyNomAndNomWithMarkup() {
        assertThatThrownBy(() -> parseString(parser, "<ListeBlanche xmlns='https://listeblanche.mssante.fr/schema'>"
                + "<Domaine><Nom>  </Nom></Domaine></ListeBlanche>"))
                .hasMessageContaining("empty <Nom> at line 1");
        assertThatThrownBy(() -> parseString(parser, "<ListeBlanche xmlns='https://listeblanche.mssante.fr/schema'>"
                + "<Domaine><Nom>a<b/>.fr</Nom></Domaine></ListeBlanche>"))
                .hasMessageContaining("element <b> at line 1 inside <Nom>");
    }

    @Test
    void refusesSingleLabelAndOverlongNames() {
        assertThatThrownBy(() -> parseString(parser, "<ListeBlanche xmlns='https://listeblanche.mssante.fr/schema'>"
                + "<Domaine><Nom>localhost</Nom></Domaine></ListeBlanche>"))
                .hasMessageContaining("single label");
        assertThatThrownBy(() -> parseString(parser, "<ListeBlanche xmlns='https://listeblanche.mssante.fr/schema'>"
                + "<Domaine><Nom>" + "a".repeat(64) + ".fr</Nom></Domaine></ListeBlanche>"))
                .hasMessageContaining("not a valid domain name");
    }

    @Test
    void refusesInvalidEncoding() {
        byte[] head = "<ListeBlanche xmlns='https://listeblanche.mssante.fr/schema'><Domaine><Nom>h"
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = "pital.fr</Nom></Domaine></ListeBlanche>".getBytes(StandardCharsets.UTF_8);
        byte[] doc = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, doc, 0, head.length);
        doc[head.length] = (byte) 0xF4; // Latin-1 'ô' in a UTF-8 document
        System.arraycopy(tail, 0, doc, head.length + 1, tail.length);
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(doc), "latin1"))
                .isInstanceOf(InvalidWhitelistException.class);
    }

    @Test
    void acceptsNamesSpreadOverSeveralTextChunksAndAroundWhitespace() throws Exception {
        Whitelist list = parseString(parser, "<lb:ListeBlanche xmlns:lb='https://listeblanche.mssante.fr/schema'>"
                + "<lb:Domaine><lb:Nom>\n   chu-<!-- comment -->nantes.mssante.fr\n</lb:Nom></lb:Domaine>"
                + "<lb:Domaine><lb:Nom><![CDATA[medecin.mssante.fr]]></lb:Nom></lb:Domaine></lb:ListeBlanche>");
        assertThat(list.domains()).containsExactly("chu-nantes.mssante.fr", "medecin.mssante.fr");
    }
}
