package fr.caducee.trust.whitelist;

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

import fr.caducee.domain.model.OperatorDn;

class WhitelistParserTest {

    private static final Instant NOW = Instant.parse("2026-03-02T03:00:00Z");
    private static final String OPEN = "<ListeBlancheMSSante xmlns='https://listeblanche.mssante.fr/schema'>\n";
    private static final String CLOSE = "</ListeBlancheMSSante>";
    private static final String DN = "<DNCertificatOperateur>CN=mx.example.fr,O=EXEMPLE,C=FR</DNCertificatOperateur>";
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

    /** A list in the ANS format whose ListeDomaines holds {@code domaines}. */
    private static String list(String domaines) {
        return OPEN + "<DateDeGeneration>2026-03-02T04:00:00Z</DateDeGeneration>\n<ListeDomaines>\n" + domaines
                + "\n</ListeDomaines>\n" + CLOSE;
    }

    @Test
    void readsTheSampleListWithItsEntriesOperatorsAndDate() throws Exception {
        Whitelist list = parseResource("liste-blanche-sample.xml");

        assertThat(list.domains()).containsExactly("chu-lyon.mssante.fr", "medecin.mssante.fr",
                "pharmacien.mssante.fr", "xn--clinique-sainte-thrse-64bv.mssante.fr", "xn--hpital-exemple-0ob.fr");
        assertThat(list.entryCount()).isEqualTo(6);
        // medecin and pharmacien name the same DN, once with spaces after the commas.
        assertThat(list.operatorCount()).isEqualTo(5);
        assertThat(list.generatedAt()).contains(Instant.parse("2026-03-02T04:00:00Z"));
        assertThat(list.loadedAt()).isEqualTo(NOW);
        assertThat(list.source()).isEqualTo("liste-blanche-sample.xml");
    }

    @Test
    void keepsEveryOperatorOfADomainListedSeveralTimes() throws Exception {
        Whitelist list = parseResource("liste-blanche-sample.xml");

        assertThat(list.operatorsOf("chu-lyon.mssante.fr")).containsExactlyInAnyOrder(
                OperatorDn.parse("CN=smtp-1.hcl.example.fr,OU=1690000000,O=HOSPICES CIVILS DE LYON,ST=Rhône (69),C=FR"),
                OperatorDn.parse("CN=smtp-2.hcl.example.fr,OU=1690000000,O=HOSPICES CIVILS DE LYON,ST=Rhône (69),C=FR"));
        assertThat(list.entriesFor("chu-lyon.mssante.fr")).extracting(WhitelistEntry::description)
                .containsExactly("Hospices Civils de Lyon", "Hospices Civils de Lyon (secours)");
    }

    @Test
    void readsTheContactsAndTheUpdateDateOfAnEntry() throws Exception {
        WhitelistEntry entry = parseResource("liste-blanche-sample.xml").entriesFor("medecin.mssante.fr").get(0);

        assertThat(entry.domain()).isEqualTo("medecin.mssante.fr");
        assertThat(entry.description()).isEqualTo("Ordres professionnels");
        assertThat(entry.operator().asWritten())
                .isEqualTo("CN=mss.ordres.example.fr,OU=123456789000011,O=OPERATEUR DES ORDRES,ST=Paris (75),C=FR");
        assertThat(entry.responsibleContact()).isEqualTo("01 00 00 00 01, responsable@ordres.example.fr");
        assertThat(entry.supportContact()).isEqualTo("01 00 00 00 02, support@ordres.example.fr");
        assertThat(entry.updatedAt()).isEqualTo(Instant.parse("2026-02-01T10:00:00Z"));
    }

    @Test
    void leavesAnUnreadableUpdateDateOutButKeepsTheEntry() throws Exception {
        Whitelist list = parseResource("liste-blanche-sample.xml");

        assertThat(list.entriesFor("chu-lyon.mssante.fr").get(1).updatedAt()).isNull();
        assertThat(list.entriesFor("hôpital-exemple.fr").get(0).updatedAt())
                .isEqualTo(Instant.parse("2021-01-11T23:00:00Z"));
        assertThat(list.entriesFor("clinique-sainte-thérèse.mssante.fr").get(0).updatedAt()).isNull();
    }

    @Test
    void skipsAnEntryWhoseOperatorDnIsMissingOrUnreadableAndSaysWhere() throws Exception {
        Whitelist list = parseResource("liste-blanche-sample.xml");

        assertThat(list.contains("labo-biosud.mssante.fr")).isFalse();
        assertThat(list.contains("ehpad-les-tilleuls.mssante.fr")).isFalse();
        assertThat(list.skipped()).hasSize(2);
        assertThat(list.skipped().get(0)).startsWith("<DNCertificatOperateur> at line 58 (labo-biosud.mssante.fr)")
                .contains("'mss.biosud.example.fr' is not a distinguished name");
        assertThat(list.skipped().get(1))
                .isEqualTo("<Domaine> at line 60 (ehpad-les-tilleuls.mssante.fr) has no <DNCertificatOperateur>");
    }

    @Test
    void ignoresElementsItDoesNotKnow() throws Exception {
        Whitelist list = parseResource("liste-blanche-sample.xml");
        // <Operateurs><Nom> is not a Domaine.
        assertThat(list.domains()).noneMatch(d -> d.contains("not-a-domain"));
    }

    @Test
    void readsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lb.xml");
        try (InputStream in = getClass().getResourceAsStream("/whitelist/liste-blanche-sample.xml")) {
            Files.copy(in, file);
        }
        Whitelist list = parser.parse(file);
        assertThat(list.size()).isEqualTo(5);
        assertThat(list.source()).isEqualTo(file.toString());
    }

    @Test
    void refusesTheFormerListeBlancheLayoutSayingWhatIsExpected() {
        assertThatThrownBy(() -> parseResource("former-format.xml"))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("former-format.xml: root element is <ListeBlanche> at line 5: this is not "
                        + "the format ANS publishes; expected <ListeBlancheMSSante "
                        + "xmlns=\"https://listeblanche.mssante.fr/schema\">");
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
    void refusesADocumentCutAfterItsLastEntry() {
        // As ANS's repository serves it: everything but the closing root tag.
        String cut = list("<Domaine><Nom>a.fr</Nom>" + DN + "</Domaine>").replace(CLOSE, "");
        assertThatThrownBy(() -> parseString(parser, cut))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("not a well-formed XML document");
    }

    @Test
    void refusesWrongNamespace() {
        assertThatThrownBy(() -> parseResource("wrong-namespace.xml"))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("root element <ListeBlancheMSSante> at line 2 has namespace "
                        + "'https://listeblanche.example.org/schema', expected namespace "
                        + "'https://listeblanche.mssante.fr/schema'");
    }

    @Test
    void refusesMissingNamespace() {
        assertThatThrownBy(() -> parseString(parser, "<ListeBlancheMSSante><ListeDomaines/></ListeBlancheMSSante>"))
                .hasMessageContaining("has no namespace");
    }

    @Test
    void refusesWrongRootElement() {
        assertThatThrownBy(() -> parseString(parser,
                "<Liste xmlns='https://listeblanche.mssante.fr/schema'><Domaine><Nom>a.fr</Nom></Domaine></Liste>"))
                .hasMessageContaining("root element is <Liste> at line 1, expected <ListeBlancheMSSante");
    }

    @Test
    void refusesAnEmptyList() {
        assertThatThrownBy(() -> parseResource("no-domain.xml"))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("the list is empty");
    }

    @Test
    void refusesAListWhoseEveryEntryIsSkipped() {
        assertThatThrownBy(() -> parseString(parser, list("<Domaine><Nom>a.fr</Nom></Domaine>")))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("the list is empty")
                .hasMessageContaining("1 skipped, first: <Domaine> at line 4 (a.fr) has no <DNCertificatOperateur>");
    }

    @Test
    void refusesAnUnreadableGenerationDate() {
        String xml = OPEN + "<DateDeGeneration>yesterday</DateDeGeneration>\n<ListeDomaines><Domaine><Nom>a.fr</Nom>"
                + DN + "</Domaine></ListeDomaines>" + CLOSE;
        assertThatThrownBy(() -> parseString(parser, xml))
                .hasMessageContaining("<DateDeGeneration> at line 2: 'yesterday' is not a date and time");
    }

    @Test
    void acceptsAListWithoutGenerationDate() throws Exception {
        Whitelist list = parseString(parser, OPEN + "<ListeDomaines><Domaine><Nom>a.fr</Nom>" + DN
                + "</Domaine></ListeDomaines>" + CLOSE);
        assertThat(list.generatedAt()).isEmpty();
        assertThat(list.contains("a.fr")).isTrue();
    }

    @Test
    void skipsAnEntryWhoseNameIsNotADomainNameAndSaysWhere() throws Exception {
        Whitelist list = parseResource("invalid-name.xml");

        assertThat(list.domains()).containsExactly("medecin.mssante.fr");
        assertThat(list.skipped()).singleElement().asString()
                .startsWith("<Nom> at line 10: 'chu_lyon.mssante.fr' is not a valid domain name")
                .contains("'_'");
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
        assertThatThrownBy(() -> parseString(parser, list("<Domaine><Nom>a.fr</Nom>" + DN + "</Domaine>\n<Domaine>"
                + DN + "</Domaine>")))
                .hasMessageContaining("<Domaine> at line 5 has no <Nom>");
    }

    @Test
    void refusesADomaineWithTwoNames() {
        assertThatThrownBy(() -> parseString(parser, list("<Domaine>\n<Nom>a.fr</Nom>\n<Nom>b.fr</Nom>" + DN
                + "</Domaine>")))
                .hasMessageContaining("<Domaine> at line 4 has a second <Nom> at line 6 (the first at line 5)");
    }

    @Test
    void skipsAnEmptyNameButRefusesANameWithMarkup() throws Exception {
        Whitelist list = parseString(parser, list("<Domaine><Nom>  </Nom>" + DN + "</Domaine>\n<Domaine><Nom>b.fr</Nom>"
                + DN + "</Domaine>"));
        assertThat(list.domains()).containsExactly("b.fr");
        assertThat(list.skipped()).containsExactly("empty <Nom> at line 4");
        assertThatThrownBy(() -> parseString(parser, list("<Domaine><Nom>a<b/>.fr</Nom>" + DN + "</Domaine>")))
                .hasMessageContaining("element <b> at line 4 inside <Nom>");
    }

    @Test
    void skipsSingleLabelAndOverlongNames() throws Exception {
        Whitelist list = parseString(parser, list("<Domaine><Nom>localhost</Nom>" + DN + "</Domaine>\n<Domaine><Nom>"
                + "a".repeat(64) + ".fr</Nom>" + DN + "</Domaine>\n<Domaine><Nom>b.fr</Nom>" + DN + "</Domaine>"));
        assertThat(list.domains()).containsExactly("b.fr");
        assertThat(list.skipped()).hasSize(2);
        assertThat(list.skipped().get(0)).contains("single label");
        assertThat(list.skipped().get(1)).contains("too long");
    }

    @Test
    void refusesAnOverlongField() {
        assertThatThrownBy(() -> parseString(parser, list("<Domaine><Nom>a.fr</Nom>" + DN + "<Description>"
                + "x".repeat(5000) + "</Description></Domaine>")))
                .hasMessageContaining("<Description> at line 4 is longer than 4096 characters");
    }

    @Test
    void refusesInvalidEncoding() {
        byte[] head = (OPEN + "<ListeDomaines><Domaine><Nom>h").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("pital.fr</Nom>" + DN + "</Domaine></ListeDomaines>" + CLOSE).getBytes(StandardCharsets.UTF_8);
        byte[] doc = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, doc, 0, head.length);
        doc[head.length] = (byte) 0xF4; // Latin-1 'ô' in a UTF-8 document
        System.arraycopy(tail, 0, doc, head.length + 1, tail.length);
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(doc), "latin1"))
                .isInstanceOf(InvalidWhitelistException.class);
    }

    @Test
    void acceptsFieldsSpreadOverSeveralTextChunksAndAroundWhitespace() throws Exception {
        Whitelist list = parseString(parser, "<lb:ListeBlancheMSSante xmlns:lb='https://listeblanche.mssante.fr/schema'>"
                + "<lb:ListeDomaines>"
                + "<lb:Domaine><lb:Nom>\n   chu-<!-- comment -->nantes.mssante.fr\n</lb:Nom>"
                + "<lb:DNCertificatOperateur>CN=mx.chu-<!-- c -->nantes.fr,C=FR</lb:DNCertificatOperateur></lb:Domaine>"
                + "<lb:Domaine><lb:Nom><![CDATA[medecin.mssante.fr]]></lb:Nom>"
                + "<lb:DNCertificatOperateur><![CDATA[CN=mx.ordres.fr,C=FR]]></lb:DNCertificatOperateur></lb:Domaine>"
                + "</lb:ListeDomaines></lb:ListeBlancheMSSante>");
        assertThat(list.domains()).containsExactly("chu-nantes.mssante.fr", "medecin.mssante.fr");
        assertThat(list.operatorsOf("chu-nantes.mssante.fr")).containsExactly(OperatorDn.parse("CN=mx.chu-nantes.fr,C=FR"));
    }
}
