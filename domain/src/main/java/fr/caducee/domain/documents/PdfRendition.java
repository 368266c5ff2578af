package fr.caducee.domain.documents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The PDF a person reads of a clinical document: patients and their browsers read no CDA. A CDA R2 document of level
 * 1 carries it as its body ({@code component/nonXMLBody/text}, {@code mediaType="application/pdf"},
 * {@code representation="B64"}); an {@code IHE_XDM.ZIP} may also hold the PDF as a document entry of its own. Only
 * bytes that begin as a PDF does ({@code %PDF-}) are given: nothing else is served under that name.
 */
public final class PdfRendition {
    static final String MEDIA_TYPE = "application/pdf";
    private static final byte[] MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    private PdfRendition() {
    }

    /**
     * A PDF and the name to download it under.
     *
     * @param fileName the document's title, or its file's name, as {@code <name>.pdf}, without any path
     */
    public record Pdf(String fileName, byte[] content) {
        public Pdf {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(content, "content");
        }
    }

    /** The PDF a CDA document carries as its body; empty when its body is structured, or not a PDF. */
    public static Optional<byte[]> ofCda(byte[] cda) throws UnreadableArchiveException {
        if (cda.length > CdaReader.MAX_BYTES) {
            return Optional.empty();
        }
        Element root;
        try {
            root = HardenedXml.parse(cda, true).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new UnreadableArchiveException(UnreadableArchiveException.Problem.NOT_XML,
                "the CDA document is not well-formed XML: " + Shown.value(e.getMessage()));
        }
        Optional<Element> text = child(root, "component").flatMap(c -> child(c, "nonXMLBody"))
            .flatMap(body -> child(body, "text"))
            .filter(t -> MEDIA_TYPE.equalsIgnoreCase(t.getAttribute("mediaType").trim()))
            .filter(t -> "B64".equalsIgnoreCase(t.getAttribute("representation").trim()));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Base64.getMimeDecoder().decode(text.get().getTextContent())).filter(PdfRendition::isPdf);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The PDF of an archive's first document that has one: a CDA's body, else a PDF the archive declares as a
     * document entry of its own; empty when it holds none.
     */
    public static Optional<Pdf> of(XdmPackage archive) throws UnreadableArchiveException {
        for (XdmDocument document : archive.documents()) {
            if (isPdf(document.content())) {
                return Optional.of(new Pdf(pdfName(fileName(document.path().orElse(""))), document.content()));
            }
            Optional<byte[]> body = cdaBody(document);
            if (body.isPresent()) {
                String title = CdaReader.read(document.content(), document.path().orElse("")).title();
                return Optional.of(new Pdf(pdfName(title.isBlank() ? fileName(document.path().orElse("")) : title),
                    body.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> cdaBody(XdmDocument document) throws UnreadableArchiveException {
        String mime = document.entry().mimeType().toLowerCase(Locale.ROOT);
        if (document.content().length == 0 || !(mime.isEmpty() || mime.contains("xml"))) {
            return Optional.empty();
        }
        return ofCda(document.content());
    }

    static boolean isPdf(byte[] content) {
        if (content.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (content[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The last segment of a path in the archive, without its extension. */
    private static String fileName(String path) {
        String name = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** A name a file system and a Content-Disposition take as it is: no path, no control or reserved character. */
    private static String pdfName(String name) {
        String cleaned = name.replaceAll("[\\p{Cntrl}/\\\\:*?\"<>|]+", " ").strip().replaceAll("\\s+", " ");
        if (cleaned.length() > 100) {
            cleaned = cleaned.substring(0, 100).strip();
        }
        return (cleaned.isEmpty() || cleaned.startsWith(".") ? "document" : cleaned) + ".pdf";
    }

    private static Optional<Element> child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && CdaReader.HL7.equals(element.getNamespaceURI())
                    && name.equals(element.getLocalName())) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }
}
