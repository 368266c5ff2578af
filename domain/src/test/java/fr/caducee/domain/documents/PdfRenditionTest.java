package fr.caducee.domain.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.documents.AnsSamples.Sample;

class PdfRenditionTest {

    @Test
    void aLevelOneCdaGivesThePdfItCarriesAsItsBody() throws Exception {
        byte[] pdf = PdfRendition.ofCda(Sample.IMAGING.bytes()).orElseThrow();

        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(pdf.length).isGreaterThan(10_000);
    }

    @Test
    void aStructuredCdaGivesItsCopyOfTheDocument() throws Exception {
        assertThat(PdfRendition.ofCda(Sample.BIO.bytes())).hasValueSatisfying(pdf ->
            assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-"));
    }

    @Test
    void anEmptyBodyIsNoPdf() throws Exception {
        assertThat(PdfRendition.ofCda(Sample.DRIMM_IMAGING.bytes())).isEmpty();
    }

    @Test
    void aPdfAttachedBesideTheDocumentButNotItsCopyIsNoRendition() throws Exception {
        String attached = "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><component><structuredBody><component><section>"
            + "<entry><organizer><component><observation><value code=\"11502-2\"/></observation></component>"
            + "<component><observationMedia><value mediaType=\"application/pdf\" representation=\"B64\">"
            + Base64.getEncoder().encodeToString("%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII))
            + "</value></observationMedia></component></organizer></entry>"
            + "</section></component></structuredBody></component></ClinicalDocument>";

        assertThat(PdfRendition.ofCda(attached.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(PdfRendition.ofCda(attached.replace("11502-2", "55108-5").getBytes(StandardCharsets.UTF_8)))
            .isPresent();
    }

    @Test
    void aDocumentTypeDeclarationIsUnreadableAndNothingIsFetched() {
        String withEntity = "<!DOCTYPE ClinicalDocument [<!ENTITY pdf SYSTEM \"file:///etc/passwd\">]>"
            + "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><component><nonXMLBody>"
            + "<text mediaType=\"application/pdf\" representation=\"B64\">&pdf;</text></nonXMLBody></component>"
            + "</ClinicalDocument>";
        assertThatThrownBy(() -> PdfRendition.ofCda(withEntity.getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(UnreadableArchiveException.class);
    }

    @Test
    void aBodyThatSaysPdfButIsNotOneIsNotGiven() throws Exception {
        byte[] disguised = AnsSamples.replace(Sample.IMAGING.bytes(), "representation=\"B64\">JVBERi0",
            "representation=\"B64\">TVqQAA");

        assertThat(PdfRendition.ofCda(disguised)).isEmpty();
    }

    @Test
    void aDocumentThatIsNotXmlIsUnreadable() {
        assertThatThrownBy(() -> PdfRendition.ofCda("not xml".getBytes(StandardCharsets.UTF_8)))
            .isInstanceOf(UnreadableArchiveException.class);
    }

    @Test
    void anArchiveIsShownThroughThePdfOfItsDocumentNamedByItsTitle() throws Exception {
        XdmPackage archive = XdmArchive.read(new ByteArrayInputStream(
            AnsSamples.xdm(Sample.DRIMM_IMAGING.bytes(), Sample.IMAGING.bytes())));

        PdfRendition.Pdf pdf = PdfRendition.of(archive).orElseThrow();

        assertThat(pdf.fileName()).isEqualTo("Radio de hanche.pdf");
        assertThat(PdfRendition.isPdf(pdf.content())).isTrue();
    }

    @Test
    void anArchiveWhoseDocumentsCarryNoPdfHasNone() throws Exception {
        XdmPackage archive = XdmArchive.read(new ByteArrayInputStream(AnsSamples.xdm(Sample.DRIMM_IMAGING.bytes())));

        assertThat(PdfRendition.of(archive)).isEmpty();
    }
}
