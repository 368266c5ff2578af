package fr.caducee.mailets.xdm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The document entries of an XDM {@code METADATA.XML}: ebRIM 3.0 ({@code urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0})
 * {@code ExtrinsicObject}s, whatever the root ({@code lcm:SubmitObjectsRequest} in XDM, a query response elsewhere).
 * A classification or external identifier belongs to the entry it is nested in, or, written at top level, to the
 * entry its {@code classifiedObject} / {@code registryObject} names, as ebRIM allows both.
 *
 * <p>The parser is the JDK's own, hardened: a document type declaration is refused outright (no DTD, hence no
 * entity of any kind, internal or external), nothing is fetched (external DTD and schema access disabled), no
 * XInclude, and the JDK's secure-processing limits apply.
 */
public final class XdmMetadata {
    public static final String RIM = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";
    /** XDSDocumentEntry.typeCode. */
    public static final String TYPE_CODE_SCHEME = "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983";
    /** XDSDocumentEntry.patientId. */
    public static final String PATIENT_ID_SCHEME = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427";

    private XdmMetadata() {
    }

    /**
     * @param xml the bytes of one METADATA.XML
     * @param name its path in the archive, to name it in refusals
     * @throws UnreadableArchiveException when it is not well-formed XML, declares a DTD, declares no document, or
     *     gives a document two type codes or two patient ids
     */
    public static List<DocumentEntry> documents(byte[] xml, String name) throws UnreadableArchiveException {
        Document document = parse(xml, name);
        Map<String, Element> entries = new LinkedHashMap<>();
        NodeList objects = document.getElementsByTagNameNS(RIM, "ExtrinsicObject");
        for (int i = 0; i < objects.getLength(); i++) {
            Element object = (Element) objects.item(i);
            entries.putIfAbsent(object.getAttribute("id"), object);
        }
        if (entries.isEmpty()) {
            throw new UnreadableArchiveException(name + " declares no document (no ebRIM 3.0 ExtrinsicObject): the "
                + "archive's metadata must list each document it carries");
        }
        Map<String, List<String>> typeCodes = owned(document, "Classification", "classificationScheme",
            TYPE_CODE_SCHEME, "classifiedObject", "nodeRepresentation");
        Map<String, List<String>> patientIds = owned(document, "ExternalIdentifier", "identificationScheme",
            PATIENT_ID_SCHEME, "registryObject", "value");
        List<DocumentEntry> documents = new ArrayList<>();
        for (String id : entries.keySet()) {
            Optional<String> typeCode = single(typeCodes.get(id), name, id, "type codes");
            Optional<PatientId> patientId = single(patientIds.get(id), name, id, "patient ids").map(PatientId::parse);
            documents.add(new DocumentEntry(id, typeCode, patientId));
        }
        return documents;
    }

    /** The non-blank values of the scheme's elements, by the id of the entry each belongs to. */
    private static Map<String, List<String>> owned(Document document, String element, String schemeAttribute,
            String scheme, String ownerAttribute, String valueAttribute) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        NodeList found = document.getElementsByTagNameNS(RIM, element);
        for (int i = 0; i < found.getLength(); i++) {
            Element classification = (Element) found.item(i);
            String value = classification.getAttribute(valueAttribute).trim();
            if (!scheme.equals(classification.getAttribute(schemeAttribute).trim()) || value.isEmpty()) {
                continue;
            }
            Node parent = classification.getParentNode();
            String owner = parent instanceof Element object && RIM.equals(object.getNamespaceURI())
                && "ExtrinsicObject".equals(object.getLocalName())
                ? object.getAttribute("id") : classification.getAttribute(ownerAttribute);
            List<String> ownerValues = values.computeIfAbsent(owner, key -> new ArrayList<>());
            if (!ownerValues.contains(value)) {
                ownerValues.add(value);
            }
        }
        return values;
    }

    private static Optional<String> single(List<String> values, String name, String id, String what)
            throws UnreadableArchiveException {
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new UnreadableArchiveException(name + " gives the document " + Shown.value(id) + " several " + what
                + " (" + Shown.value(String.join(", ", values)) + "): a document entry has exactly one");
        }
        return Optional.of(values.get(0));
    }

    private static Document parse(byte[] xml, String name) throws UnreadableArchiveException {
        try {
            DocumentBuilder builder = factory().newDocumentBuilder();
            builder.setErrorHandler(FAIL_ON_ERROR);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId + " refused");
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            throw new UnreadableArchiveException(name + " is not well-formed XML (line " + e.getLineNumber() + ": "
                + Shown.value(e.getMessage()) + ")", e);
        } catch (SAXException | IOException e) {
            throw new UnreadableArchiveException(name + " cannot be read as XML (" + Shown.value(e.getMessage()) + ")", e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refuses its hardening features", e);
        }
    }

    private static DocumentBuilderFactory factory() throws ParserConfigurationException {
        // The JDK's own implementation, whatever else is on the class path: these features are known to it.
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    private static final ErrorHandler FAIL_ON_ERROR = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
            // warnings do not make the document unreadable
        }

        @Override
        public void error(SAXParseException exception) throws SAXParseException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXParseException {
            throw exception;
        }
    };
}
