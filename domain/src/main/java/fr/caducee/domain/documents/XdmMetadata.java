package fr.caducee.domain.documents;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import fr.caducee.domain.documents.UnreadableArchiveException.Problem;

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
 * <p>The parser is {@link HardenedXml}: no DTD, hence no entity of any kind, nothing fetched.
 */
public final class XdmMetadata {
    public static final String RIM = "urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0";
    /** XDSDocumentEntry.typeCode. */
    public static final String TYPE_CODE_SCHEME = "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983";
    /** XDSDocumentEntry.patientId. */
    public static final String PATIENT_ID_SCHEME = "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427";
    /** XDSDocumentEntry.confidentialityCode: HL7's N/R/V and the French codes of {@link ConfidentialityCodes}. */
    public static final String CONFIDENTIALITY_SCHEME = "urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f";
    /** XDSDocumentEntry.uniqueId: the CDA's own id. */
    public static final String UNIQUE_ID_SCHEME = "urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab";
    /** XDSDocumentEntry.author, whose authorPerson slot names the author. */
    public static final String AUTHOR_SCHEME = "urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d";

    private XdmMetadata() {
    }

    /**
     * @param xml the bytes of one METADATA.XML
     * @param name its path in the archive, to name it in refusals
     * @throws UnreadableArchiveException when it is not well-formed XML, declares a DTD, declares no document, or
     *     gives a document two type codes or two patient ids
     */
    public static List<DocumentEntry> documents(byte[] xml, String name) throws UnreadableArchiveException {
        return read(xml, name, false).entries().stream().map(XdmEntry::document).toList();
    }

    /**
     * The document entries with their files, unique ids, authors and statuses, and the associations.
     *
     * @param xml the bytes of one METADATA.XML
     * @param name its path in the archive, to name it in refusals
     * @throws UnreadableArchiveException as {@link #documents}, and when a document has two unique ids or two URIs
     */
    public static XdmSubmission submission(byte[] xml, String name) throws UnreadableArchiveException {
        return read(xml, name, true);
    }

    /** With {@code files} false, as the SMTP checks read it: unique ids and URIs are neither read nor checked. */
    private static XdmSubmission read(byte[] xml, String name, boolean files) throws UnreadableArchiveException {
        Document document = parse(xml, name);
        Map<String, Element> entries = new LinkedHashMap<>();
        for (Element object : rimElements(document, "ExtrinsicObject")) {
            entries.putIfAbsent(object.getAttribute("id"), object);
        }
        if (entries.isEmpty()) {
            throw new UnreadableArchiveException(Problem.NO_METADATA, name + " declares no document (no ebRIM 3.0 "
                + "ExtrinsicObject): the archive's metadata must list each document it carries");
        }
        Map<String, List<String>> typeCodes = owned(document, "Classification", "classificationScheme",
            TYPE_CODE_SCHEME, "classifiedObject", "nodeRepresentation");
        Map<String, List<String>> patientIds = owned(document, "ExternalIdentifier", "identificationScheme",
            PATIENT_ID_SCHEME, "registryObject", "value");
        Map<String, List<String>> confidentiality = owned(document, "Classification", "classificationScheme",
            CONFIDENTIALITY_SCHEME, "classifiedObject", "nodeRepresentation");
        Map<String, List<String>> uniqueIds = owned(document, "ExternalIdentifier", "identificationScheme",
            UNIQUE_ID_SCHEME, "registryObject", "value");
        Map<String, List<String>> authors = authorPersons(document);
        List<XdmEntry> found = new ArrayList<>();
        for (Map.Entry<String, Element> entry : entries.entrySet()) {
            String id = entry.getKey();
            Element object = entry.getValue();
            Optional<String> typeCode = single(typeCodes.get(id), name, id, "type codes");
            Optional<PatientId> patientId = single(patientIds.get(id), name, id, "patient ids").map(PatientId::parse);
            Set<String> codes = new LinkedHashSet<>();
            confidentiality.getOrDefault(id, List.of()).forEach(code -> codes.add(code.toUpperCase(Locale.ROOT)));
            found.add(new XdmEntry(new DocumentEntry(id, typeCode, patientId, codes),
                files ? single(uniqueIds.get(id), name, id, "unique ids") : Optional.empty(),
                files ? uri(slotValues(object, "URI"), name, id) : Optional.empty(),
                object.getAttribute("mimeType"), object.getAttribute("status"),
                authors.getOrDefault(id, List.of())));
        }
        List<XdmAssociation> associations = new ArrayList<>();
        for (Element association : rimElements(document, "Association")) {
            associations.add(new XdmAssociation(association.getAttribute("associationType"),
                association.getAttribute("sourceObject"), association.getAttribute("targetObject"),
                slotValues(association, "NewStatus").stream().findFirst()));
        }
        return new XdmSubmission(found, associations);
    }

    /**
     * The URI slot's value; XDS lets a long URI be written in numbered parts ({@code 1|...}, {@code 2|...}), which
     * are joined in order.
     */
    private static Optional<String> uri(List<String> values, String name, String id) throws UnreadableArchiveException {
        if (values.size() > 1 && values.stream().allMatch(v -> v.matches("\\d{1,4}\\|.*"))) {
            StringBuilder joined = new StringBuilder();
            values.stream().sorted(Comparator.comparingInt(v -> Integer.parseInt(v.substring(0, v.indexOf('|')))))
                .forEach(v -> joined.append(v.substring(v.indexOf('|') + 1)));
            return Optional.of(joined.toString());
        }
        return single(values, name, id, "URIs");
    }

    /** The authorPerson values of the author classifications, by the id of the entry each belongs to. */
    private static Map<String, List<String>> authorPersons(Document document) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Element classification : rimElements(document, "Classification")) {
            if (!AUTHOR_SCHEME.equals(classification.getAttribute("classificationScheme").trim())) {
                continue;
            }
            Node parent = classification.getParentNode();
            String owner = isRim(parent, "ExtrinsicObject")
                ? ((Element) parent).getAttribute("id") : classification.getAttribute("classifiedObject");
            values.computeIfAbsent(owner, key -> new ArrayList<>()).addAll(slotValues(classification, "authorPerson"));
        }
        return values;
    }

    /** The non-blank values of the element's own slot of that name (not those of nested elements). */
    private static List<String> slotValues(Element owner, String slotName) {
        List<String> values = new ArrayList<>();
        for (Node slot = owner.getFirstChild(); slot != null; slot = slot.getNextSibling()) {
            if (!isRim(slot, "Slot") || !slotName.equals(((Element) slot).getAttribute("name").trim())) {
                continue;
            }
            NodeList all = ((Element) slot).getElementsByTagName("*");
            for (int i = 0; i < all.getLength(); i++) {
                if (isRim(all.item(i), "Value") && !all.item(i).getTextContent().isBlank()) {
                    values.add(all.item(i).getTextContent().trim());
                }
            }
        }
        return values;
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
            throw new UnreadableArchiveException(Problem.INCONSISTENT_METADATA, name + " gives the document "
                + Shown.value(id) + " several " + what
                + " (" + Shown.value(String.join(", ", values)) + "): a document entry has exactly one");
        }
        return Optional.of(values.get(0));
    }

    private static Document parse(byte[] xml, String name) throws UnreadableArchiveException {
        try {
            return HardenedXml.parse(xml, true);
        } catch (SAXParseException e) {
            if (HardenedXml.refusedDoctype(e)) {
                throw doctype(name, e);
            }
            try {
                // Well-formed XML that breaks only the namespace rules, as ANS's own sample package does.
                return HardenedXml.parse(xml, false);
            } catch (SAXException | IOException again) {
                throw new UnreadableArchiveException(Problem.NOT_XML, name + " is not well-formed XML (line "
                    + e.getLineNumber() + ": " + Shown.value(e.getMessage()) + ")", e);
            }
        } catch (SAXException | IOException e) {
            if (e instanceof SAXException sax && HardenedXml.refusedDoctype(sax)) {
                throw doctype(name, e);
            }
            throw new UnreadableArchiveException(Problem.NOT_XML, name + " cannot be read as XML ("
                + Shown.value(e.getMessage()) + ")", e);
        }
    }

    private static UnreadableArchiveException doctype(String name, Exception e) {
        // Worded as the SMTP checks have always answered it, so that senders see one sentence for one fault.
        return new UnreadableArchiveException(Problem.DOCTYPE, name + " is not well-formed XML for this server: it "
            + "declares a document type (DOCTYPE), and DTDs and entities are refused in documents from the network; "
            + "send the metadata without one", e);
    }
}
