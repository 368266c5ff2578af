package fr.caducee.server.webmail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import fr.caducee.domain.documents.CdaReader;

/**
 * The PDF a CDA document carries for people to read, as the French CI-SIS writes it:
 * <ul>
 *   <li>a level-1 document: its body, {@code nonXMLBody/text} of media type {@code application/pdf} in base64;</li>
 *   <li>a structured document: the entry "document attaché" whose observation says "copie du document" (LOINC
 *       {@value #COPY_OF_THE_DOCUMENT}) beside an {@code observationMedia} holding the PDF.</li>
 * </ul>
 * Anything else (an image, another attached PDF) is not the document's rendition: the CDA itself is given instead.
 * The document passed the deposit checks (no DTD); the parser refuses one all the same, and fetches nothing.
 */
final class PdfRendition {
    static final String COPY_OF_THE_DOCUMENT = "55108-5";
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final XMLInputFactory XML = factory();

    private PdfRendition() {
    }

    /** The PDF rendition of the CDA document, when it carries one that is a PDF indeed. */
    static Optional<byte[]> of(byte[] cda) {
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(cda));
            try {
                return find(reader).filter(PdfRendition::isPdf);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException | IllegalArgumentException e) {
            // Unreadable XML or base64: the document is given as deposited.
            return Optional.empty();
        }
    }

    private static Optional<byte[]> find(XMLStreamReader reader) throws XMLStreamException {
        boolean inNonXmlBody = false;
        int inMedia = 0;
        // One entry per organizer open: whether it says "copy of the document", and its PDF if any.
        Deque<Attached> organizers = new ArrayDeque<>();
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamReader.START_ELEMENT && CdaReader.HL7.equals(reader.getNamespaceURI())) {
                switch (reader.getLocalName()) {
                    case "nonXMLBody" -> inNonXmlBody = true;
                    case "organizer" -> organizers.push(new Attached());
                    case "observationMedia" -> inMedia++;
                    case "text" -> {
                        if (inNonXmlBody && pdfInBase64(reader)) {
                            return Optional.of(decode(reader.getElementText()));
                        }
                    }
                    case "value" -> {
                        if (organizers.isEmpty()) {
                            continue;
                        }
                        if (COPY_OF_THE_DOCUMENT.equals(reader.getAttributeValue(null, "code"))) {
                            organizers.peek().copy = true;
                        } else if (inMedia > 0 && pdfInBase64(reader)) {
                            organizers.peek().pdf = reader.getElementText();
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
                            return Optional.of(decode(attached.pdf));
                        }
                    }
                    default -> { }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean pdfInBase64(XMLStreamReader reader) {
        return "application/pdf".equalsIgnoreCase(reader.getAttributeValue(null, "mediaType"))
            && "B64".equals(reader.getAttributeValue(null, "representation"));
    }

    private static byte[] decode(String base64) {
        return Base64.getMimeDecoder().decode(base64.strip());
    }

    private static boolean isPdf(byte[] bytes) {
        if (bytes.length < PDF_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < PDF_MAGIC.length; i++) {
            if (bytes[i] != PDF_MAGIC[i]) {
                return false;
            }
        }
        return true;
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
}
