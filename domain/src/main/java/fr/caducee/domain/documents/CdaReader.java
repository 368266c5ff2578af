package fr.caducee.domain.documents;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import fr.caducee.domain.documents.CdaHeader.ParentDocument;
import fr.caducee.domain.documents.CdaHeader.PatientTraits;
import fr.caducee.domain.documents.UnreadableArchiveException.Problem;

/**
 * Reads the header of an HL7 CDA R2 document ({@code ClinicalDocument} in {@value #HL7}, with the typeId
 * {@value #TYPE_ID_ROOT} / {@value #TYPE_ID_EXTENSION}), with the same hardened parser as the XDM metadata: no DTD,
 * nothing fetched. The body is parsed (a document is well-formed as a whole) but not read.
 */
public final class CdaReader {
    public static final String HL7 = "urn:hl7-org:v3";
    public static final String TYPE_ID_ROOT = "2.16.840.1.113883.1.3";
    public static final String TYPE_ID_EXTENSION = "POCD_HD000040";
    /** Larger than any CDA with its PDF copy seen in the trust space; the archive's bounds apply first. */
    public static final int MAX_BYTES = 20 * 1024 * 1024;

    private CdaReader() {
    }

    /**
     * @param xml the document's bytes
     * @param name its path in the archive, to name it in refusals
     * @throws UnreadableArchiveException {@link Problem#NOT_XML}, {@link Problem#DOCTYPE}, {@link Problem#NOT_CDA} or
     *     {@link Problem#TOO_LARGE}, with a sentence naming what is wrong
     */
    public static CdaHeader read(byte[] xml, String name) throws UnreadableArchiveException {
        if (xml.length > MAX_BYTES) {
            throw new UnreadableArchiveException(Problem.TOO_LARGE, Shown.value(name) + " is larger than "
                + MAX_BYTES / (1024 * 1024) + " MB, more than a clinical document is accepted");
        }
        Element root = parse(xml, name).getDocumentElement();
        if (!isHl7(root, "ClinicalDocument")) {
            throw notCda(name, "its root element is " + Shown.value(root.getTagName())
                + (root.getNamespaceURI() == null ? " in no namespace" : " in " + Shown.value(root.getNamespaceURI()))
                + ", not ClinicalDocument in " + HL7);
        }
        Element typeId = child(root, "typeId").orElseThrow(() -> notCda(name, "it has no typeId"));
        if (!TYPE_ID_ROOT.equals(typeId.getAttribute("root").trim())
                || !TYPE_ID_EXTENSION.equals(typeId.getAttribute("extension").trim())) {
            throw notCda(name, "its typeId is " + Shown.value(typeId.getAttribute("root")) + "/"
                + Shown.value(typeId.getAttribute("extension")) + ", not " + TYPE_ID_ROOT + "/" + TYPE_ID_EXTENSION);
        }
        InstanceIdentifier id = child(root, "id").flatMap(CdaReader::identifier)
            .orElseThrow(() -> notCda(name, "it has no ClinicalDocument/id with a root: a document needs its unique id"));
        Optional<Element> code = child(root, "code").filter(CdaReader::present);
        List<Element> recordTargets = children(root, "recordTarget");
        Optional<Element> patientRole = recordTargets.stream().findFirst().flatMap(target -> child(target, "patientRole"));
        Optional<Element> assignedAuthor = child(root, "author").flatMap(author -> child(author, "assignedAuthor"));
        Optional<String> versionNumber = child(root, "versionNumber").flatMap(v -> attribute(v, "value"));
        int version = versionNumber.isPresent() ? version(versionNumber.get(), name) : 1;
        return new CdaHeader(id,
            child(root, "setId").flatMap(CdaReader::identifier),
            version,
            code.flatMap(c -> attribute(c, "code")),
            code.flatMap(c -> attribute(c, "codeSystem")),
            child(root, "title").map(CdaReader::text).orElse(""),
            child(root, "effectiveTime").filter(CdaReader::present).flatMap(t -> attribute(t, "value")),
            child(root, "confidentialityCode").filter(CdaReader::present).flatMap(c -> attribute(c, "code")),
            recordTargets.size(),
            patientRole.map(role -> identifiers(children(role, "id"))).orElse(List.of()),
            traits(patientRole.flatMap(role -> child(role, "patient"))),
            assignedAuthor.map(author -> identifiers(children(author, "id"))).orElse(List.of()),
            assignedAuthor.flatMap(author -> child(author, "representedOrganization"))
                .flatMap(organization -> child(organization, "id")).flatMap(CdaReader::identifier),
            replaced(root));
    }

    private static Document parse(byte[] xml, String name) throws UnreadableArchiveException {
        try {
            return HardenedXml.parse(xml, true);
        } catch (SAXException e) {
            if (HardenedXml.refusedDoctype(e)) {
                throw new UnreadableArchiveException(Problem.DOCTYPE, Shown.value(name) + " declares a document type "
                    + "(DOCTYPE): DTDs and entities are refused in documents from the network; send the document "
                    + "without one", e);
            }
            String line = e instanceof SAXParseException parse ? " (line " + parse.getLineNumber() + ": " : " (";
            throw new UnreadableArchiveException(Problem.NOT_XML, Shown.value(name) + " is not well-formed XML" + line
                + Shown.value(e.getMessage()) + "): a CDA R2 document is XML", e);
        } catch (IOException e) {
            throw new UnreadableArchiveException(Problem.NOT_XML, Shown.value(name) + " cannot be read as XML ("
                + Shown.value(e.getMessage()) + ")", e);
        }
    }

    private static UnreadableArchiveException notCda(String name, String why) {
        return new UnreadableArchiveException(Problem.NOT_CDA, Shown.value(name) + " is not an HL7 CDA R2 document: "
            + why);
    }

    private static int version(String value, String name) throws UnreadableArchiveException {
        Optional<Integer> version = wholeNumber(value).filter(v -> v >= 1);
        if (version.isEmpty()) {
            throw notCda(name, "its versionNumber is " + Shown.value(value) + ", not a whole number from 1");
        }
        return version.get();
    }

    private static PatientTraits traits(Optional<Element> patient) {
        if (patient.isEmpty()) {
            return new PatientTraits(Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty());
        }
        Optional<Element> name = child(patient.get(), "name");
        List<Element> families = name.map(n -> children(n, "family")).orElse(List.of()).stream()
            .filter(CdaReader::present).filter(family -> !text(family).isEmpty()).toList();
        Optional<String> birthFamily = families.stream().filter(family -> qualified(family, "BR")).findFirst()
            .or(() -> families.stream().findFirst()).map(CdaReader::text);
        Set<String> given = new LinkedHashSet<>();
        List<Element> givens = name.map(n -> children(n, "given")).orElse(List.of()).stream()
            .filter(CdaReader::present).filter(g -> !text(g).isEmpty()).toList();
        givens.stream().filter(g -> qualified(g, "BR")).forEach(g -> given.add(text(g)));
        givens.stream().filter(g -> !qualified(g, "CL")).forEach(g -> given.add(text(g)));
        Optional<String> birthplace = child(patient.get(), "birthplace").flatMap(b -> child(b, "place"))
            .flatMap(place -> child(place, "addr")).map(addr -> (child(addr, "county").map(CdaReader::text).orElse("")
                + " " + child(addr, "city").map(CdaReader::text).orElse("")).trim()).filter(s -> !s.isEmpty());
        return new PatientTraits(birthFamily, families.stream().map(CdaReader::text).toList(), List.copyOf(given),
            child(patient.get(), "birthTime").filter(CdaReader::present).flatMap(t -> attribute(t, "value")),
            child(patient.get(), "administrativeGenderCode").filter(CdaReader::present).flatMap(g -> attribute(g, "code")),
            birthplace);
    }

    private static Optional<ParentDocument> replaced(Element root) {
        for (Element related : children(root, "relatedDocument")) {
            if (!"RPLC".equals(related.getAttribute("typeCode").trim())) {
                continue;
            }
            Optional<Element> parent = child(related, "parentDocument");
            Optional<InstanceIdentifier> id = parent.flatMap(p -> child(p, "id")).flatMap(CdaReader::identifier);
            if (id.isPresent()) {
                return Optional.of(new ParentDocument(id.get(),
                    parent.flatMap(p -> child(p, "setId")).flatMap(CdaReader::identifier),
                    parent.flatMap(p -> child(p, "versionNumber")).flatMap(v -> attribute(v, "value"))
                        .flatMap(CdaReader::wholeNumber)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> wholeNumber(String value) {
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Every id with a root or an extension: a patient's INS written without its root is still a patient id. */
    private static List<InstanceIdentifier> identifiers(List<Element> ids) {
        List<InstanceIdentifier> found = new ArrayList<>();
        for (Element id : ids) {
            if (present(id) && !(id.getAttribute("root").isBlank() && id.getAttribute("extension").isBlank())) {
                found.add(new InstanceIdentifier(id.getAttribute("root"), id.getAttribute("extension")));
            }
        }
        return found;
    }

    /** An id with a root; nullFlavor ids and rootless ones are no identifier. */
    private static Optional<InstanceIdentifier> identifier(Element id) {
        if (!present(id) || id.getAttribute("root").isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new InstanceIdentifier(id.getAttribute("root"), id.getAttribute("extension")));
    }

    private static boolean qualified(Element name, String qualifier) {
        return Arrays.asList(name.getAttribute("qualifier").trim().split("\\s+")).contains(qualifier);
    }

    private static boolean present(Element element) {
        return element.getAttribute("nullFlavor").isBlank();
    }

    private static Optional<String> attribute(Element element, String name) {
        String value = element.getAttribute(name).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static String text(Element element) {
        return element.getTextContent().trim().replaceAll("\\s+", " ");
    }

    private static Optional<Element> child(Element parent, String localName) {
        return children(parent, localName).stream().findFirst();
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && isHl7(element, localName)) {
                found.add(element);
            }
        }
        return found;
    }

    private static boolean isHl7(Element element, String localName) {
        return HL7.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
    }
}
