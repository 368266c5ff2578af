package fr.caducee.server.webmail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.documents.AnsSamples.Sample;

class PdfRenditionTest {
    @Test
    void aLevelOneDocumentsBodyIsItsPdf() {
        assertThat(PdfRendition.of(Sample.IMAGING.bytes())).hasValueSatisfying(pdf ->
            assertThat(new String(pdf, 0, 8, StandardCharsets.US_ASCII)).startsWith("%PDF-1."));
    }

    @Test
    void aStructuredDocumentsCopyOfTheDocumentIsItsPdf() {
        assertThat(PdfRendition.of(Sample.BIO.bytes())).hasValueSatisfying(pdf ->
            assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-"));
    }

    @Test
    void anEmptyBodyIsNoPdf() {
        assertThat(PdfRendition.of(Sample.DRIMM_IMAGING.bytes())).isEmpty();
    }

    @Test
    void aPdfAttachedBesideTheDocumentButNotItsCopyIsNoRendition() {
        String attached = "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><component><structuredBody><component><section>"
            + "<entry><organizer><component><observation><value code=\"11502-2\"/></observation></component>"
            + "<component><observationMedia><value mediaType=\"application/pdf\" representation=\"B64\">"
            + pdf() + "</value></observationMedia></component></organizer></entry>"
            + "</section></component></structuredBody></component></ClinicalDocument>";

        assertThat(PdfRendition.of(attached.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(PdfRendition.of(attached.replace("11502-2", "55108-5").getBytes(StandardCharsets.UTF_8))).isPresent();
    }

    @Test
    void bytesThatAreNoPdfWhateverTheMediaTypeSaysAreNoRendition() {
        String disguised = "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><component><nonXMLBody>"
            + "<text mediaType=\"application/pdf\" representation=\"B64\">"
            + Base64.getEncoder().encodeToString("MZ\u0090\u0000 not a pdf".getBytes(StandardCharsets.ISO_8859_1))
            + "</text></nonXMLBody></component></ClinicalDocument>";

        assertThat(PdfRendition.of(disguised.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void unreadableXmlOrADocumentTypeDeclarationGivesNoRendition() {
        assertThat(PdfRendition.of("not xml".getBytes(StandardCharsets.UTF_8))).isEmpty();
        String withEntity = "<!DOCTYPE ClinicalDocument [<!ENTITY pdf SYSTEM \"file:///etc/passwd\">]>"
            + "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><component><nonXMLBody>"
            + "<text mediaType=\"application/pdf\" representation=\"B64\">&pdf;</text></nonXMLBody></component>"
            + "</ClinicalDocument>";
        assertThat(PdfRendition.of(withEntity.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    private static String pdf() {
        return Base64.getEncoder().encodeToString("%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
    }
}
