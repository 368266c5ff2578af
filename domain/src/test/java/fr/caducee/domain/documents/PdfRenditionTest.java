package fr.caducee.domain.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

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
    void aStructuredCdaHasNoPdf() throws Exception {
        assertThat(PdfRendition.ofCda(Sample.BIO.bytes())).isEmpty();
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
            AnsSamples.xdm(Sample.BIO.bytes(), Sample.IMAGING.bytes())));

        PdfRendition.Pdf pdf = PdfRendition.of(archive).orElseThrow();

        assertThat(pdf.fileName()).isEqualTo("Radio de hanche.pdf");
        assertThat(PdfRendition.isPdf(pdf.content())).isTrue();
    }

    @Test
    void anArchiveOfStructuredDocumentsOnlyHasNoPdf() throws Exception {
        XdmPackage archive = XdmArchive.read(new ByteArrayInputStream(AnsSamples.xdm(Sample.BIO.bytes())));

        assertThat(PdfRendition.of(archive)).isEmpty();
    }
}
