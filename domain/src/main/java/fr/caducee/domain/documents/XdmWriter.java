package fr.caducee.domain.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import fr.caducee.domain.identifier.IdNat;

/**
 * Writes an {@code IHE_XDM.ZIP} around CDA R2 documents, laid out as ANS lays its packages out
 * ({@code KA<yyyyMM>/INDEX.HTM}, {@code README.TXT}, {@code IHE_XDM/SS000001/METADATA.XML} and the documents, each
 * entry's {@code URI} relative to the {@code IHE_XDM} folder as in ANS's own {@code METADATA.XML}), with the metadata
 * written from each CDA's header ({@link CdaReader}): unique id, patient INS, author, LOINC type, title, creation
 * time, the CDA's confidentiality code and the French ones given beside it ({@link ConfidentialityCodes}), the
 * replaced version ({@code RPLC}, from the CDA's {@code relatedDocument}), and a withdrawal as the record takes it
 * (the entry's status Deprecated: docs/RECORDS.md, "How a deletion arrives by mail").
 *
 * <p>The archive depends only on what it is given: the same documents at the same time give the same bytes (entry
 * times are the submission's), so that a mail written again after a crash carries the same archive.
 */
public final class XdmWriter {
    /** The subset folder ANS's packages use. */
    public static final String SUBSET = "SS000001";
    /** HL7's confidentiality code system, of the CDA's own {@code confidentialityCode}. */
    static final String HL7_CONFIDENTIALITY = "2.16.840.1.113883.5.25";
    static final String SUBMISSION_SET_UNIQUE_ID_SCHEME = "urn:uuid:96fdda7c-d067-4183-912e-bf5ee74998a8";
    static final String SUBMISSION_SET_SOURCE_ID_SCHEME = "urn:uuid:554ac39e-e3fe-47fe-b233-965d2a147832";
    static final String SUBMISSION_SET_PATIENT_ID_SCHEME = "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446";
    static final String SUBMISSION_SET_NODE = "urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd";
    private static final DateTimeFormatter XDS_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("'KA'yyyyMM").withZone(ZoneOffset.UTC);

    private XdmWriter() {
    }

    /**
     * One document of the archive.
     *
     * @param cda the CDA R2 document's bytes, as they are stored
     * @param confidentialityCodes the French codes given for it beside the CDA's own ({@code MASQUE_PS},
     *     {@code INVISIBLE_PATIENT}, {@code INVISIBLE_REP_LEGAUX}), in that order
     * @param withdrawn true for its withdrawal: the current version sent again, its entry Deprecated
     */
    public record Document(byte[] cda, Set<String> confidentialityCodes, boolean withdrawn) {
        public Document {
            Objects.requireNonNull(cda, "cda");
            confidentialityCodes = Set.copyOf(confidentialityCodes);
        }

        public static Document of(byte[] cda) {
            return new Document(cda, Set.of(), false);
        }

        public Document withCodes(Set<String> codes) {
            return new Document(cda, codes, withdrawn);
        }

        public Document withdrawal() {
            return new Document(cda, confidentialityCodes, true);
        }

        String status() {
            return withdrawn ? XdmEntry.DEPRECATED : XdmEntry.APPROVED;
        }
    }

    /**
     * The archive.
     *
     * @param submitted when it is made: the submission time, the top folder's month and every entry's time
     * @param software the sending software, as README.TXT names it
     * @throws UnreadableArchiveException a document that is not a CDA R2 document {@link CdaReader} reads
     */
    public static byte[] archive(Instant submitted, String software, List<Document> documents)
        throws UnreadableArchiveException {
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("an archive holds at least one document");
        }
        String top = FOLDER.format(submitted) + "/";
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            String file = String.format("DOC%04d.XML", i + 1);
            Document document = documents.get(i);
            placed.add(new Placed(document, SUBSET + "/" + file, CdaReader.read(document.cda(), file)));
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(top + "INDEX.HTM", utf8(index(placed)));
        entries.put(top + "README.TXT", utf8(readme(submitted, software)));
        for (Placed document : placed) {
            entries.put(top + "IHE_XDM/" + document.uri(), document.document().cda());
        }
        entries.put(top + "IHE_XDM/" + SUBSET + "/METADATA.XML", utf8(metadata(submitted, placed)));
        return zip(entries, submitted);
    }

    /**
     * A {@code METADATA.XML} whose one entry is written from the CDA's header, its file at {@code uri}.
     *
     * @throws UnreadableArchiveException the document is not a CDA R2 document
     */
    public static String metadata(Instant submitted, Document document, String uri) throws UnreadableArchiveException {
        return metadata(submitted, List.of(new Placed(document, uri, CdaReader.read(document.cda(), uri))));
    }

    private record Placed(Document document, String uri, CdaHeader header) {
    }

    private static String metadata(Instant submitted, List<Placed> documents) {
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i < documents.size(); i++) {
            objects.append(entry("Document" + (i + 1), documents.get(i)));
        }
        Optional<InstanceIdentifier> ins = documents.get(0).header().ins();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<lcm:SubmitObjectsRequest xmlns:lcm=\"urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0\""
            + " xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\">\n"
            + "<rim:RegistryObjectList>\n"
            + "<rim:RegistryPackage id=\"SubmissionSet01\" objectType=\"urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:RegistryPackage\">\n"
            + slot("submissionTime", XDS_TIME.format(submitted))
            + ins.map(patient -> externalIdentifier(SUBMISSION_SET_PATIENT_ID_SCHEME, patientId(patient), "SubmissionSet01",
                "ss-pid")).orElse("")
            + externalIdentifier(SUBMISSION_SET_UNIQUE_ID_SCHEME, submissionSetId(submitted, documents), "SubmissionSet01",
                "ss-uid")
            + "</rim:RegistryPackage>\n"
            + "<rim:Classification classifiedObject=\"SubmissionSet01\" classificationNode=\"" + SUBMISSION_SET_NODE
            + "\" id=\"ss-node\"/>\n"
            + objects
            + "</rim:RegistryObjectList>\n</lcm:SubmitObjectsRequest>\n";
    }

    private static String entry(String id, Placed placed) {
        CdaHeader header = placed.header();
        byte[] cda = placed.document().cda();
        StringBuilder xml = new StringBuilder()
            .append("<rim:ExtrinsicObject id=\"").append(id).append("\" mimeType=\"text/xml\" status=\"")
            .append(placed.document().status()).append("\" objectType=\"urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1\">\n")
            .append(slot("creationTime", header.effectiveInstant().map(XDS_TIME::format)
                .or(() -> header.effectiveTime().map(t -> t.substring(0, Math.min(14, t.length())))).orElse("")))
            .append(slot("languageCode", "fr-FR"))
            .append(slot("URI", placed.uri()))
            .append(slot("hash", HexFormat.of().formatHex(digest("SHA-1", cda))))
            .append(slot("size", String.valueOf(cda.length)))
            .append("  <rim:Name><rim:LocalizedString value=\"").append(escape(header.title())).append("\"/></rim:Name>\n");
        header.authorIdNat().ifPresent(idNat -> xml
            .append("  <rim:Classification classificationScheme=\"").append(XdmMetadata.AUTHOR_SCHEME)
            .append("\" classifiedObject=\"").append(id).append("\" nodeRepresentation=\"\" id=\"author-").append(id).append("\">\n    ")
            .append(slot("authorPerson", escape(idNat) + "^^^^^^^^&amp;" + IdNat.OID + "&amp;ISO^D^^^IDNPS").trim())
            .append("\n  </rim:Classification>\n"));
        header.typeCode().ifPresent(type -> xml
            .append(classification(XdmMetadata.TYPE_CODE_SCHEME, id, type, "type-" + id, CdaHeader.LOINC)));
        xml.append(classification(XdmMetadata.CONFIDENTIALITY_SCHEME, id, header.confidentialityCode().orElse("N"),
            "conf-" + id, HL7_CONFIDENTIALITY));
        for (String code : frenchCodes(placed.document().confidentialityCodes())) {
            xml.append(classification(XdmMetadata.CONFIDENTIALITY_SCHEME, id, code, "conf-" + code + "-" + id,
                ConfidentialityCodes.CODING_SCHEME));
        }
        header.ins().ifPresent(patient -> xml.append(externalIdentifier(XdmMetadata.PATIENT_ID_SCHEME, patientId(patient),
            id, "pid-" + id)));
        xml.append(externalIdentifier(XdmMetadata.UNIQUE_ID_SCHEME, header.uniqueId(), id, "uid-" + id))
            .append("</rim:ExtrinsicObject>\n")
            .append("<rim:Association associationType=\"").append(XdmAssociation.HAS_MEMBER)
            .append("\" sourceObject=\"SubmissionSet01\" targetObject=\"").append(id).append("\" id=\"member-").append(id).append("\">\n")
            .append("  ").append(slot("SubmissionSetStatus", "Original").trim()).append("\n")
            .append("</rim:Association>\n");
        header.replaces().ifPresent(parent -> xml.append("<rim:Association associationType=\"").append(XdmAssociation.RPLC)
            .append("\" sourceObject=\"").append(id).append("\" targetObject=\"").append(escape(parent.uniqueId()))
            .append("\" id=\"rplc-").append(id).append("\"/>\n"));
        return xml.toString();
    }

    /** The French codes in the order of {@link ConfidentialityCodes}, then any other, sorted: the same text each time. */
    private static List<String> frenchCodes(Set<String> codes) {
        List<String> ordered = new ArrayList<>();
        for (String known : List.of(ConfidentialityCodes.MASQUE_PS, ConfidentialityCodes.INVISIBLE_PATIENT,
            ConfidentialityCodes.INVISIBLE_REP_LEGAUX)) {
            if (codes.contains(known)) {
                ordered.add(known);
            }
        }
        codes.stream().filter(code -> !ordered.contains(code)).sorted().forEach(ordered::add);
        return ordered;
    }

    /** XDS's patient id: the INS as a CX under its authority's OID. */
    private static String patientId(InstanceIdentifier ins) {
        return escape(ins.extension()) + "^^^&amp;" + escape(ins.root()) + "&amp;ISO^NH";
    }

    /** An OID under {@code 2.25} (ITU-T X.667) from a name-based UUID of what the set holds: stable for the same content. */
    private static String submissionSetId(Instant submitted, List<Placed> documents) {
        StringBuilder name = new StringBuilder(XDS_TIME.format(submitted));
        documents.forEach(document -> name.append('|').append(document.header().uniqueId())
            .append('|').append(document.document().status()));
        UUID uuid = UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8));
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, bytes.array());
    }

    private static String index(List<Placed> documents) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"UTF-8\">"
            + "<title>Documents</title></head><body>\n<h1>Documents</h1>\n<ul>\n");
        for (Placed document : documents) {
            html.append("<li><a href=\"IHE_XDM/").append(escape(document.uri())).append("\">")
                .append(escape(document.header().title().isEmpty() ? document.uri() : document.header().title()))
                .append("</a></li>\n");
        }
        return html.append("</ul>\n<p>Métadonnées : <a href=\"IHE_XDM/").append(SUBSET)
            .append("/METADATA.XML\">METADATA.XML</a></p>\n</body></html>\n").toString();
    }

    private static String readme(Instant submitted, String software) {
        return "IHE XDM (Cross-Enterprise Document Media Interchange)\r\n"
            + "Logiciel : " + software.replaceAll("[\\r\\n]+", " ") + "\r\n"
            + "Soumission : " + XDS_TIME.format(submitted) + " (UTC)\r\n"
            + "Contenu : IHE_XDM/" + SUBSET + "/METADATA.XML et les documents CDA R2 qu'il décrit\r\n";
    }

    private static String classification(String scheme, String object, String code, String id, String codingScheme) {
        return "  <rim:Classification classificationScheme=\"" + scheme + "\" classifiedObject=\"" + object
            + "\" nodeRepresentation=\"" + escape(code) + "\" id=\"" + escape(id) + "\">\n"
            + "    " + slot("codingScheme", codingScheme).trim() + "\n"
            + "  </rim:Classification>\n";
    }

    private static String externalIdentifier(String scheme, String value, String object, String id) {
        return "  <rim:ExternalIdentifier identificationScheme=\"" + scheme + "\" value=\"" + value
            + "\" registryObject=\"" + object + "\" id=\"" + id + "\"/>\n";
    }

    private static String slot(String name, String value) {
        return "  <rim:Slot name=\"" + name + "\"><rim:ValueList><rim:Value>" + value + "</rim:Value></rim:ValueList></rim:Slot>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] digest(String algorithm, byte[] content) {
        try {
            return MessageDigest.getInstance(algorithm).digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing", e);
        }
    }

    private static byte[] zip(Map<String, byte[]> entries, Instant time) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LocalDateTime stamp = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setTimeLocal(stamp);
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }
}
