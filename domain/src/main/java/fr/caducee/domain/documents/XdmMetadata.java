package fr.caducee.domain.documents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * <p>ANS's own sample package ({@code ansforge/DRIM-M_DATA}, {@code KA202401/IHE_XDM/SS000001/METADATA.XML}) declares
 * no namespace at all: its root is {@code <ns3:SubmitObjectsRequest>} with the prefix unbound, its ebRIM elements
 * unprefixed. A metadata file that is well-formed XML but breaks only the namespace rules is therefore read by its
 * element names (the part after any prefix), so that the recipient's software and this server see the same
 * documents; ebRIM elements without a namespace are read in a namespace-aware document too.
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
    /** XDSDocumentEntry.confidentialityCode: HL7's N/R/V and the French codes of {@link ConfidentialityCodes}. */
    public static final String CONFIDENTIALITY_SCHEME = "urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f";

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
        for (Element object : rimElements(document, "ExtrinsicObject")) {
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
        Map<String, List<String>> confidentiality = owned(document, "Classification", "classificationScheme",
            CONFIDENTIALITY_SCHEME, "classifiedObject", "nodeRepresentation");
        List<DocumentEntry> documents = new ArrayList<>();
        for (String id : entries.keySet()) {
            Optional<String> typeCode = single(typeCodes.get(id), name, id, "type codes");
            Optional<PatientId> patientId = single(patientIds.get(id), name, id, "patient ids").map(PatientId::parse);
            Set<String> codes = new LinkedHashSet<>();
            confidentiality.getOrDefault(id, List.of()).forEach(code -> codes.add(code.toUpperCase(Locale.ROOT)));
            documents.add(new DocumentEntry(id, typeCode, patientId, codes));
        }
        return documents;
    }

    /** The non-blank values of the scheme's elements, by the id of the entry each belongs to. */
    private static Map<String, List<String>> owned(Document document, String element, String schemeAttribute,
            String scheme, String ownerAttribute, String valueAttribute) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Element classification : rimElements(document, element)) {
            String value = classification.getAttribute(valueAttribute).trim();
            if (!scheme.equals(classification.getAttribute(schemeAttribute).trim()) || value.isEmpty()) {
                continue;
            }
            Node parent = classification.getParentNode();
            String owner = isRim(parent, "ExtrinsicObject")
                ? ((Element) parent).getAttribute("id") : classification.getAttribute(ownerAttribute);
            List<String> ownerValues = values.computeIfAbsent(owner, key -> new ArrayList<>());
            if (!ownerValues.contains(value)) {
                ownerValues.add(value);
            }
        }
        return values;
    }

    /** The document's ebRIM elements of that name, in document order. */
    private static List<Element> rimElements(Document document, String localName) {
        List<Element> found = new ArrayList<>();
        NodeList all = document.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            if (isRim(all.item(i), localName)) {
                found.add((Element) all.item(i));
            }
        }
        return found;
    }

    /**
     * An ebRIM element of that name: in the ebRIM namespace or in none when the document was read with namespaces,
     * named so after any prefix when it was not.
     */
    private static boolean isRim(Node node, String localName) {
        if (!(node instanceof Element element)) {
            return false;
        }
        if (element.getLocalName() != null) {
            return localName.equals(element.getLocalName())
                && (element.getNamespaceURI() == null || RIM.equals(element.getNamespaceURI()));
        }
        String tag = element.getTagName();
        return localName.equals(tag.substring(tag.indexOf(':') + 1));
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
            return parse(xml, true);
        } catch (SAXParseException e) {
            try {
                // Well-formed XML that breaks only the namespace rules, as ANS's own sample package does.
                return parse(xml, false);
            } catch (SAXException | IOException again) {
                throw new UnreadableArchiveException(name + " is not well-formed XML (line " + e.getLineNumber() + ": "
                    + Shown.value(e.getMessage()) + ")", e);
            }
        } catch (SAXException | IOException e) {
            throw new UnreadableArchiveException(name + " cannot be read as XML (" + Shown.value(e.getMessage()) + ")", e);
        }
    }

    private static Document parse(byte[] xml, boolean namespaces) throws SAXException, IOException {
        try {
            DocumentBuilder builder = factory(namespaces).newDocumentBuilder();
            builder.setErrorHandler(FAIL_ON_ERROR);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId + " refused");
            });
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refuses its hardening features", e);
        }
    }

    private static DocumentBuilderFactory factory(boolean namespaces) throws ParserConfigurationException {
        // The JDK's own implementation, whatever else is on the class path: these features are known to it.
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        factory.setNamespaceAware(namespaces);
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
