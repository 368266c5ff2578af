package fr.caducee.domain.documents;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The PDF a person reads of a clinical document: patients and their browsers read no CDA. A CDA R2 document of level
 * 1 carries it as its body ({@code component/nonXMLBody/text}, {@code mediaType="application/pdf"},
 * {@code representation="B64"}), a structured one as the "copie du document" entry; an {@code IHE_XDM.ZIP} may also
 * hold the PDF as a document entry of its own. Only
 * bytes that begin as a PDF does ({@code %PDF-}) are given: nothing else is served under that name.
 */
public final class PdfRendition {
    static final String MEDIA_TYPE = "application/pdf";
    static final String COPY_OF_THE_DOCUMENT = "55108-5";
    private static final XMLInputFactory XML = factory();
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

    /**
     * The PDF a CDA document carries for people to read, as the CI-SIS writes it: a level-1 document's body
     * ({@code nonXMLBody/text}), or a structured document's entry whose observation says "copie du document"
     * (LOINC {@value #COPY_OF_THE_DOCUMENT}) beside the {@code observationMedia} holding the PDF. Anything else (an
     * image, another attached PDF) is not the document's rendition: empty.
     *
     * @throws UnreadableArchiveException when the document is not well-formed XML or declares a DTD
     */
    public static Optional<byte[]> ofCda(byte[] cda) throws UnreadableArchiveException {
        if (cda.length > CdaReader.MAX_BYTES) {
            return Optional.empty();
        }
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(cda));
            try {
                return find(reader).flatMap(PdfRendition::decode).filter(PdfRendition::isPdf);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new UnreadableArchiveException(UnreadableArchiveException.Problem.NOT_XML,
                "the CDA document is not well-formed XML: " + Shown.value(e.getMessage()));
        }
    }

    /** The base64 text of the rendition, read as the document streams by: a 20 MB CDA is never held as a tree. */
    private static Optional<String> find(XMLStreamReader reader) throws XMLStreamException {
        boolean inNonXmlBody = false;
        int inMedia = 0;
        // One entry per organizer open: whether it says "copy of the document", and its PDF if any.
        Deque<Attached> organizers = new ArrayDeque<>();
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamReader.DTD) {
                throw new XMLStreamException("a document type declaration, which a CDA document never has");
            }
            if (event == XMLStreamReader.START_ELEMENT && CdaReader.HL7.equals(reader.getNamespaceURI())) {
                switch (reader.getLocalName()) {
                    case "nonXMLBody" -> inNonXmlBody = true;
                    case "organizer" -> organizers.push(new Attached());
                    case "observationMedia" -> inMedia++;
                    case "text" -> {
                        if (inNonXmlBody && pdfInBase64(reader)) {
                            return Optional.of(reader.getElementText());
                        }
                    }
                    case "value" -> {
                        if (!organizers.isEmpty()) {
                            if (COPY_OF_THE_DOCUMENT.equals(reader.getAttributeValue(null, "code"))) {
                                organizers.peek().copy = true;
                            } else if (inMedia > 0 && pdfInBase64(reader)) {
                                organizers.peek().pdf = reader.getElementText();
                            }
                        }
                    }
                    default -> { }
                }
            } else if (event == XMLStreamReader.END_ELEMENT && CdaReader.HL7.equals(reader.getNamespaceURI())) {
                switch (reader.getLocalName()) {
                    case "nonXMLBody" -> inNonXmlBody = false;
                    case "observationMedia" -> inMedia--;
                    case "organizer" -> {
                        Attached attached = organizers.pop();
                        if (attached.copy && attached.pdf != null) {
                            return Optional.of(attached.pdf);
                        }
                    }
                    default -> { }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean pdfInBase64(XMLStreamReader reader) {
        return MEDIA_TYPE.equalsIgnoreCase(String.valueOf(reader.getAttributeValue(null, "mediaType")).strip())
            && "B64".equalsIgnoreCase(String.valueOf(reader.getAttributeValue(null, "representation")).strip());
    }

    private static Optional<byte[]> decode(String base64) {
        try {
            return Optional.of(Base64.getMimeDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static XMLInputFactory factory() {
        // The JDK's own implementation, whatever else is on the class path: these properties are known to it.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }

    private static final class Attached {
        private boolean copy;
        private String pdf;
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
}
