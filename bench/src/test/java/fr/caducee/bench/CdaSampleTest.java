package fr.caducee.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdaSampleTest {
    /** The header of ANS's CR_Radio_CDAN1_v1.XML (hl7V2-exemples), its body cut. */
    static final String ANS_HEADER = """
        <ClinicalDocument xmlns="urn:hl7-org:v3">
          <typeId extension="POCD_HD000040" root="2.16.840.1.113883.1.3"></typeId>
          <templateId root="1.2.250.1.213.1.1.1.1"></templateId>
          <id root="1.2.250.1.71.4.2.2.120456789.71024000081"></id>
          <code code="18748-4" codeSystem="2.16.840.1.113883.6.1" displayName="CR d'imagerie médicale"></code>
          <title>Radio de hanche</title>
          <versionNumber value="1"/>
          <recordTarget>
            <patientRole>
              <id extension="279035121518989" root="1.2.250.1.213.1.4.10"></id>
              <!--id extension="6270289770738693" root="2.25.3"></id-->
              <patient>
                <name>
                  <given qualifier="BR">DOMINIQUE</given>
                  <family qualifier="BR">PAT-TROIS</family>
                  <family qualifier="SP">PAT-TROIS</family>
                </name>
                <birthTime value="19790328"></birthTime>
              </patient>
            </patientRole>
          </recordTarget>
          <author>
            <assignedAuthor>
              <id extension="801234564895" root="1.2.250.1.71.4.2.1"></id>
            </assignedAuthor>
          </author>
          <component><nonXMLBody><text mediaType="application/pdf" representation="B64">JVBERi0x</text></nonXMLBody></component>
        </ClinicalDocument>
        """;

    static CdaSample sample(Path folder) throws IOException {
        Path file = folder.resolve("cda.xml");
        Files.writeString(file, ANS_HEADER, StandardCharsets.UTF_8);
        return CdaSample.read(file);
    }

    @Test
    void theHeaderFactsOfAnAnsSampleAreRead(@TempDir Path folder) throws IOException {
        CdaSample cda = sample(folder);

        assertThat(cda.patientIns()).isEqualTo("279035121518989");
        assertThat(cda.insAuthority()).isEqualTo("1.2.250.1.213.1.4.10");
        assertThat(cda.typeCode()).isEqualTo("18748-4");
        assertThat(cda.title()).isEqualTo("Radio de hanche");
        assertThat(cda.familyName()).isEqualTo("PAT-TROIS");
        assertThat(cda.givenName()).isEqualTo("DOMINIQUE");
        assertThat(cda.birthDate()).isEqualTo("19790328");
    }

    @Test
    void anAuthorWhoseRppsFailsItsCheckDigitIsPutRightEverywhere(@TempDir Path folder) throws IOException {
        CdaSample cda = sample(folder);

        assertThat(cda.authorIdNat()).isEqualTo("801234564894");
        assertThat(new String(cda.copy("x"), StandardCharsets.UTF_8)).doesNotContain("801234564895");
    }

    @Test
    void aValidAuthorIsLeftAlone() {
        String text = CdaSampleTest.ANS_HEADER.replace("801234564895", "810000005479");

        assertThat(CdaSample.withRegistrableAuthor(text)).isEqualTo(text);
    }

    @Test
    void eachCopyHasItsOwnDocumentIdAndSetIdAndTheRestUnchanged(@TempDir Path folder) throws IOException {
        CdaSample cda = sample(folder);

        String copy = new String(cda.copy("bench-t-1"), StandardCharsets.UTF_8);

        assertThat(copy).contains("<id root=\"1.2.250.1.71.4.2.2.120456789.71024000081\" extension=\"bench-t-1\"/>")
            .contains("<setId root=\"1.2.250.1.71.4.2.2.120456789.71024000081\" extension=\"bench-t-1-set\"/>")
            .doesNotContain("71024000081\"></id>")
            .contains("<id extension=\"279035121518989\" root=\"1.2.250.1.213.1.4.10\"></id>")
            .endsWith("</ClinicalDocument>\n");
        assertThat(copy.indexOf("<setId")).isLessThan(copy.indexOf("<versionNumber"));
        assertThatCode(() -> DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(copy.getBytes(StandardCharsets.UTF_8)))).doesNotThrowAnyException();
        assertThat(cda.uniqueId("bench-t-1")).isEqualTo("1.2.250.1.71.4.2.2.120456789.71024000081^bench-t-1");
    }
}
