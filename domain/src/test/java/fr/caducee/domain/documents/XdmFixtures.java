package fr.caducee.domain.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * XDM archives as practice software writes them (ebRIM 3.0 metadata, a CDA document, INDEX.HTM and README.TXT), and
 * as ANS writes them, around ANS's own published metadata (see {@code src/test/resources/xdm/ans/README.md}).
 */
public final class XdmFixtures {
    public static final String QUALIFIED_INS = "146026322000196^^^&1.2.250.1.213.1.4.8&ISO";
    public static final String BAD_KEY_INS = "146026322000197^^^&1.2.250.1.213.1.4.8&ISO";
    public static final String LOCAL_ID = "IPP-778812^^^&1.2.250.1.999.3.7&ISO";

    /** The test INS of ANS's sample package, a qualified one (test authority, right key). */
    public static final String ANS_PATIENT = "162018885045327";
    public static final String ANS_METADATA_PATH = "KA202401/IHE_XDM/SS000001/METADATA.XML";

    private XdmFixtures() {
    }

    /** ANS's METADATA.XML as published: DocumentKOS (IMG-KOS) and Signature01 (E1762, MASQUE_PS, INVISIBLE_PATIENT). */
    public static String ansMetadata() throws IOException {
        try (var in = XdmFixtures.class.getResourceAsStream("/xdm/ans/" + ANS_METADATA_PATH)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The same metadata without the classification of that confidentiality code. */
    public static String withoutCode(String metadata, String code) {
        String edited = metadata.replaceAll("(?s)<Classification [^>]*nodeRepresentation=\"" + code + "\">.*?</Classification>", "");
        if (edited.equals(metadata)) {
            throw new IllegalArgumentException("no classification " + code + " in the metadata");
        }
        return edited;
    }

    /** An archive laid out as ANS's packages are: everything under KA202401, the subset SS000001. */
    public static byte[] ansArchive(String metadata) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("KA202401/INDEX.HTM", "<html><body>Examen</body></html>".getBytes(StandardCharsets.UTF_8));
        entries.put("KA202401/README.TXT", "DRIM-M".getBytes(StandardCharsets.UTF_8));
        entries.put(ANS_METADATA_PATH, metadata.getBytes(StandardCharsets.UTF_8));
        entries.put("KA202401/IHE_XDM/SS000001/KOS_1_1.DCM", new byte[128]);
        entries.put("KA202401/IHE_XDM/SS000001/SIGN_1.XML", "<Signature/>".getBytes(StandardCharsets.UTF_8));
        return zip(entries);
    }

    /** One ExtrinsicObject with these confidentiality codes (classification f4f85eac..., scheme 1.2.250.1.213.1.1.4.13). */
    public static String document(String id, String typeCode, String patientId, String... confidentialityCodes) {
        StringBuilder codes = new StringBuilder();
        for (String code : confidentialityCodes) {
            codes.append("  <rim:Classification classificationScheme=\"urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f\" classifiedObject=\"")
                .append(id).append("\" nodeRepresentation=\"").append(code).append("\" id=\"conf-").append(code).append("-").append(id).append("\">\n")
                .append("    <rim:Slot name=\"codingScheme\"><rim:ValueList><rim:Value>1.2.250.1.213.1.1.4.13</rim:Value></rim:ValueList></rim:Slot>\n")
                .append("  </rim:Classification>\n");
        }
        return document(id, typeCode, patientId).replace("</rim:ExtrinsicObject>", codes + "</rim:ExtrinsicObject>");
    }

    /** One ExtrinsicObject (XDS DocumentEntry); null typeCode or patientId leaves it out. */
    public static String document(String id, String typeCode, String patientId) {
        StringBuilder xml = new StringBuilder()
            .append("<rim:ExtrinsicObject id=\"").append(id).append("\" mimeType=\"text/xml\" status=\"urn:oasis:names:tc:ebxml-regrep:StatusType:Approved\"")
            .append(" objectType=\"urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1\">\n")
            .append("  <rim:Slot name=\"creationTime\"><rim:ValueList><rim:Value>20261124091500</rim:Value></rim:ValueList></rim:Slot>\n")
            .append("  <rim:Slot name=\"languageCode\"><rim:ValueList><rim:Value>fr-FR</rim:Value></rim:ValueList></rim:Slot>\n")
            .append("  <rim:Name><rim:LocalizedString value=\"Lettre de liaison\"/></rim:Name>\n")
            .append("  <rim:Classification classificationScheme=\"urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a\" classifiedObject=\"")
            .append(id).append("\" nodeRepresentation=\"10\" id=\"class-").append(id).append("\">\n")
            .append("    <rim:Slot name=\"codingScheme\"><rim:ValueList><rim:Value>1.2.250.1.213.1.1.4.1</rim:Value></rim:ValueList></rim:Slot>\n")
            .append("    <rim:Name><rim:LocalizedString value=\"Compte rendu\"/></rim:Name>\n")
            .append("  </rim:Classification>\n");
        if (typeCode != null) {
            xml.append("  <rim:Classification classificationScheme=\"urn:uuid:f0306f51-975f-434e-a61c-c59651d33983\" classifiedObject=\"")
                .append(id).append("\" nodeRepresentation=\"").append(typeCode).append("\" id=\"type-").append(id).append("\">\n")
                .append("    <rim:Slot name=\"codingScheme\"><rim:ValueList><rim:Value>2.16.840.1.113883.6.1</rim:Value></rim:ValueList></rim:Slot>\n")
                .append("    <rim:Name><rim:LocalizedString value=\"Type\"/></rim:Name>\n")
                .append("  </rim:Classification>\n");
        }
        if (patientId != null) {
            xml.append("  <rim:ExternalIdentifier identificationScheme=\"urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427\" value=\"")
                .append(patientId.replace("&", "&amp;")).append("\" registryObject=\"").append(id).append("\" id=\"pid-").append(id).append("\">\n")
                .append("    <rim:Name><rim:LocalizedString value=\"XDSDocumentEntry.patientId\"/></rim:Name>\n")
                .append("  </rim:ExternalIdentifier>\n");
        }
        return xml.append("  <rim:ExternalIdentifier identificationScheme=\"urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab\" value=\"1.2.250.1.999.1.")
            .append(Math.abs(id.hashCode())).append("\" registryObject=\"").append(id).append("\" id=\"uid-").append(id).append("\"/>\n")
            .append("</rim:ExtrinsicObject>\n").toString();
    }

    /** A SubmitObjectsRequest with a submission set (whose own patient id and content type are not documents') and the entries. */
    public static String metadata(String... documents) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .append("<lcm:SubmitObjectsRequest xmlns:lcm=\"urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0\"")
            .append(" xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\"")
            .append(" xmlns:rs=\"urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0\"")
            .append(" xmlns:query=\"urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0\">\n")
            .append("<rim:RegistryObjectList>\n")
            .append("<rim:RegistryPackage id=\"SubmissionSet01\" objectType=\"urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:RegistryPackage\">\n")
            .append("  <rim:Slot name=\"submissionTime\"><rim:ValueList><rim:Value>20261124091600</rim:Value></rim:ValueList></rim:Slot>\n")
            .append("  <rim:Classification classificationScheme=\"urn:uuid:aa543740-bdda-424e-8c96-df4873be8500\" classifiedObject=\"SubmissionSet01\"")
            .append(" nodeRepresentation=\"18748-4\" id=\"ss-content\"/>\n")
            .append("  <rim:ExternalIdentifier identificationScheme=\"urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446\" value=\"")
            .append(LOCAL_ID.replace("&", "&amp;")).append("\" registryObject=\"SubmissionSet01\" id=\"ss-pid\"/>\n")
            .append("</rim:RegistryPackage>\n")
            .append("<rim:Classification classifiedObject=\"SubmissionSet01\" classificationNode=\"urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd\" id=\"ss-node\"/>\n");
        for (String document : documents) {
            xml.append(document);
        }
        for (int i = 0; i < documents.length; i++) {
            xml.append("<rim:Association associationType=\"urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember\"")
                .append(" sourceObject=\"SubmissionSet01\" targetObject=\"Document0").append(i + 1).append("\" id=\"as0").append(i + 1).append("\"/>\n");
        }
        return xml.append("</rim:RegistryObjectList>\n</lcm:SubmitObjectsRequest>\n").toString();
    }

    /** An archive with the usual files and this METADATA.XML in SUBSET01 (none when null). */
    public static byte[] archive(String metadata) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("INDEX.HTM", "<html><body>Documents</body></html>".getBytes(StandardCharsets.UTF_8));
        entries.put("README.TXT", "Logiciel: DPI Exemple 7.2".getBytes(StandardCharsets.UTF_8));
        if (metadata != null) {
            entries.put("IHE_XDM/SUBSET01/METADATA.XML", metadata.getBytes(StandardCharsets.UTF_8));
        }
        entries.put("IHE_XDM/SUBSET01/DOC0001.XML", "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>".getBytes(StandardCharsets.UTF_8));
        return zip(entries);
    }

    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
