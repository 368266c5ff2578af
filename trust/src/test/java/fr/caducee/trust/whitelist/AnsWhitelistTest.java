package fr.caducee.trust.whitelist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

import fr.caducee.domain.model.OperatorDn;

/**
 * The national whitelist as ANS publishes it, from the public repository ansforge/MSS-liste-blanche (see
 * src/test/resources/whitelist/ans/README.md for the commits): the full list of 2025-03-13 and a later one.
 */
class AnsWhitelistTest {

    static final String FULL = "ans/listeblanchemssante-2025-03-13.xml.gz";
    static final String LATER = "ans/listeblanchemssante-37d96c9.xml.gz";
    static final String LATER_AS_PUBLISHED = "ans/listeblanchemssante-37d96c9-as-published.xml.gz";
    static final String TRIMMED = "ans/listeblanchemssante-trimmed.xml";

    private final WhitelistParser parser = new WhitelistParser();

    static byte[] resource(String name) {
        try (InputStream in = AnsWhitelistTest.class.getResourceAsStream("/whitelist/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return name.endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Whitelist parse(String name) throws Exception {
        return parser.parse(new ByteArrayInputStream(resource(name)), name);
    }

    @Test
    void theFullListOfMarch2025LoadsWithItsCounts() throws Exception {
        byte[] bytes = resource(FULL);
        assertThat(bytes).hasSize(3_699_186 + "</ListeBlancheMSSante>\n".length());

        Whitelist list = parser.parse(new ByteArrayInputStream(bytes), FULL);

        // 6,554 Domaine elements naming 5,002 distinct names, one of which is not a domain name: skipped.
        assertThat(list.entryCount()).isEqualTo(6_553);
        assertThat(list.size()).isEqualTo(5_001);
        assertThat(list.skipped()).singleElement().asString()
                .startsWith("<Nom> at line 48459: 'sessad@ase.ditepbeziers.mssante.fr' is not a valid domain name");
        // 392 distinct strings; 8 pairs of them differ only by quotes, spacing or case and name the same DN.
        assertThat(list.operatorCount()).isEqualTo(384);
        assertThat(list.generatedAt()).contains(Instant.parse("2025-03-13T14:54:10Z"));
    }

    @Test
    void theFullListAnswersForItsDomains() throws Exception {
        Whitelist list = parse(FULL);

        OperatorDn mipih = OperatorDn.parse(
                "CN=medimail-asip.mipih.fr,OU=318310021300028,O=GIP MIPIH,ST=Haute-Garonne (31),C=FR");
        assertThat(list.operatorsOf("adsea29.mssante.fr")).containsExactly(mipih);
        assertThat(list.operatorsOf("patient.adsea29.mssante.fr")).containsExactly(mipih);
        assertThat(list.isListedOperator(mipih)).isTrue();
        // Listed upper case in the document.
        assertThat(list.contains("uc-cmp.mssante.fr")).isTrue();
        assertThat(list.entriesFor("adsea29.mssante.fr").get(0).description()).isEqualTo("BREST LA SAUVEGARDE");
        assertThat(list.entriesFor("adsea29.mssante.fr").get(0).supportContact())
                .isEqualTo("08 10  61 50 50, medimail.technique@mipih.fr");
    }

    @Test
    void aDnOfTheListMatchesTheSubjectOfItsCertificate() throws Exception {
        Whitelist list = parse(FULL);
        X500Principal certificate = new X500Principal(new X500Principal(
                "CN=medimail-asip.mipih.fr, OU=318310021300028, O=GIP MIPIH, ST=Haute-Garonne (31), C=FR")
                .getEncoded());

        assertThat(list.operatorsOf("adsea29.mssante.fr")).contains(OperatorDn.of(certificate));
        assertThat(list.isListedOperator(OperatorDn.of(certificate))).isTrue();
    }

    @Test
    void theListsOddlyWrittenDnsMatchTheirCertificates() throws Exception {
        Whitelist list = parse(TRIMMED);

        assertThat(list.operatorsOf("mssante.apicrypt.org")).contains(OperatorDn.of(new X500Principal(
                "CN=mailin.interop-mssante.apicrypt.org,OU=343975235300037,O=APICEM,ST=Nord (59),C=FR")));
        // Listed twice, with and without quotes: one operator.
        assertThat(list.operatorsOf("ch-cadillac.mssante.fr")).hasSize(1).contains(OperatorDn.of(new X500Principal(
                "CN=mss.ch-cadillac.fr,OU=1330781295,O=C.H. DE  CADILLAC,ST=Gironde (33),C=FR")));
        assertThat(list.operatorsOf("curie.mssante.fr")).hasSize(1).contains(OperatorDn.of(new X500Principal(
                "CN=scytale.curie.fr,OU=1750160012,O=CLCC  INSTITUT CURIE,ST=Paris (75),C=FR")));
        assertThat(list.operatorsOf("sistbtp77.mssante.fr")).contains(OperatorDn.of(new X500Principal(
                "CN=mssante.proginov.fr,OU=340350374100031,O=PROGINOV,ST=LOIRE-ATLANTIQUE(44),C=FR")));
        assertThat(list.operatorsOf("cliniquevue.mssante.fr")).contains(OperatorDn.of(new X500Principal(
                "CN=smtp-2.mssante.adista.fr,OU=332315971500305,O=ADISTA,ST=Meurthe et Moselle(54),C=FR")));
        assertThat(list.operatorsOf("strasbourg.unicancer.mssante.fr")).contains(OperatorDn.of(new X500Principal(
                "CN=mss.strasbourg.unicancer.fr,OU=1670000033,O=CRLCC \\\"PAUL STRAUSS\\\",ST=Bas-Rhin (67),C=FR")));
    }

    @Test
    void theTrimmedCopyKeepsADomainServedByThreeOperators() throws Exception {
        Whitelist list = parse(TRIMMED);

        assertThat(list.entryCount()).isEqualTo(23);
        assertThat(list.size()).isEqualTo(14);
        assertThat(list.operatorCount()).isEqualTo(15);
        assertThat(list.operatorsOf("15-20.mssante.fr")).hasSize(5);
        assertThat(list.operatorsOf("15-20.mssante.fr")).doesNotContain(OperatorDn.parse(
                "CN=medimail-asip.mipih.fr,OU=318310021300028,O=GIP MIPIH,ST=Haute-Garonne (31),C=FR"));
    }

    @Test
    void theLaterListLoads() throws Exception {
        Whitelist list = parse(LATER);

        assertThat(list.entryCount()).isEqualTo(619);
        assertThat(list.size()).isEqualTo(516);
        assertThat(list.operatorCount()).isEqualTo(35);
        assertThat(list.generatedAt()).contains(Instant.parse("2025-03-13T14:54:10Z"));
    }

    @Test
    void theListAsPublishedLacksItsClosingTagAndIsRefused() {
        byte[] published = resource(LATER_AS_PUBLISHED);
        assertThat(new String(published, StandardCharsets.UTF_8)).doesNotContain("</ListeBlancheMSSante>");

        assertThatThrownBy(() -> parse(LATER_AS_PUBLISHED))
                .isInstanceOf(InvalidWhitelistException.class)
                .hasMessageContaining("not a well-formed XML document");
    }
}
