package fr.caducee.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.activation.DataHandler;
import javax.activation.DataSource;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import com.sun.mail.smtp.SMTPMessage;

/**
 * A deposit as practice software sends it to the shared record: one {@code IHE_XDM.ZIP} (IHE XDM, INDEX.HTM,
 * README.TXT, {@code IHE_XDM/SUBSET01/METADATA.XML} written from the CDA's own header, and the CDA), the MSSanté
 * headers, {@code Disposition-Notification-To} the sender. Each message number gets its own document id, so that every
 * message is a new document; the same message can be addressed to any box, so that the record's deposit and a plain
 * delivery are compared on the same bytes.
 */
final class XdmDeposit {
    static final String ARCHIVE = "IHE_XDM.ZIP";
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final Session session;
    private final CdaSample cda;
    private final String tag;

    /** {@code tag} makes the ids of one run distinct from every other run's. */
    XdmDeposit(Session session, CdaSample cda, String tag) {
        this.session = session;
        this.cda = cda;
        this.tag = tag;
    }

    /** The Message-ID of message {@code index} of this run, in mode {@code mode} (record or plain). */
    String messageId(String mode, int index) {
        return "<bench-" + mode + "-" + tag + "-" + index + "@bench.localhost>";
    }

    /**
     * Message {@code index} from {@code from} to {@code to}. In mode "plain" the envelope asks for a delivery DSN
     * (NOTIFY=SUCCESS, ENVID): the plain delivery's receipt; in mode "record" the record's MDN is the receipt.
     */
    SMTPMessage message(String mode, int index, String from, String to) throws MessagingException {
        byte[] archive = archive("bench-" + tag + "-" + index);
        return message(mode, index, from, to, new ByteArrayDataSource(archive, "application/zip"));
    }

    /** Message {@code index} carrying {@code archive} as its {@code IHE_XDM.ZIP}, whatever it holds. */
    SMTPMessage message(String mode, int index, String from, String to, DataSource archive) throws MessagingException {
        String messageId = messageId(mode, index);
        SMTPMessage message = new SMTPMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("XDM/1.0/DDM+" + cda.title() + " " + cda.familyName() + " " + cda.givenName() + " "
            + cda.birthDate(), "UTF-8");
        message.setSentDate(new Date());
        message.setHeader("Disposition-Notification-To", from);
        message.setHeader("X-MSS-CODECDA", cda.typeCode());
        message.setHeader("X-MSS-NIL", "Caducee bench 1.0");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Document déposé par le logiciel de l'établissement : " + cda.title() + ".\n", "UTF-8", "plain");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setDataHandler(new DataHandler(archive));
        attachment.setFileName(ARCHIVE);
        attachment.setHeader("Content-Transfer-Encoding", "base64");
        message.setContent(new MimeMultipart(text, attachment));
        if (mode.equals("plain")) {
            message.setNotifyOptions(SMTPMessage.NOTIFY_SUCCESS | SMTPMessage.NOTIFY_FAILURE);
            message.setReturnOption(SMTPMessage.RETURN_HDRS);
            message.setMailExtension("ENVID=" + messageId.substring(1, messageId.indexOf('@')));
        }
        return message;
    }

    String tag() {
        return tag;
    }

    CdaSample cda() {
        return cda;
    }

    /** The archive of one copy of the CDA, document id extension {@code extension}. */
    byte[] archive(String extension) {
        return zip(entries(extension));
    }

    /** The entries of that archive, in order, for a caller that alters them. */
    Map<String, byte[]> entries(String extension) {
        byte[] document = cda.copy(extension);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("INDEX.HTM", ("<html><body><p>" + cda.title() + "</p><a href=\"IHE_XDM/SUBSET01/DOC0001.XML\">"
            + "DOC0001.XML</a></body></html>").getBytes(StandardCharsets.UTF_8));
        entries.put("README.TXT", "Caducee bench 1.0: a deposit in the shared record\r\n".getBytes(StandardCharsets.UTF_8));
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", metadata(extension, document).getBytes(StandardCharsets.UTF_8));
        entries.put("IHE_XDM/SUBSET01/DOC0001.XML", document);
        return entries;
    }

    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** ebRIM 3.0 metadata for one document entry in its submission set, the values taken from the CDA header. */
    String metadata(String extension, byte[] document) {
        String now = HL7_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String patientId = cda.patientIns() + "^^^&amp;" + cda.insAuthority() + "&amp;ISO^NH";
        String author = cda.authorIdNat() + "^" + cda.familyName() + "^^^^^^^&amp;" + CdaSample.IDNAT_OID + "&amp;ISO^D^^^^IDNPS";
        String entry = "Document01";
        String uniqueId = cda.uniqueId(extension);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<lcm:SubmitObjectsRequest xmlns:lcm=\"urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0\""
            + " xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\">\n"
            + "<rim:RegistryObjectList>\n"
            + "<rim:ExtrinsicObject id=\"" + entry + "\" mimeType=\"text/xml\""
            + " status=\"urn:oasis:names:tc:ebxml-regrep:StatusType:Approved\""
            + " objectType=\"urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1\">\n"
            + slot("creationTime", now)
            + slot("languageCode", "fr-FR")
            + slot("hash", sha1(document))
            + slot("size", Integer.toString(document.length))
            + slot("URI", "DOC0001.XML")
            + slot("sourcePatientId", patientId)
            + slot("sourcePatientInfo", "PID-5|" + cda.familyName() + "^" + cda.givenName() + "^^^^^L",
                "PID-7|" + cda.birthDate())
            + "  <rim:Name><rim:LocalizedString value=\"" + xml(cda.title()) + "\"/></rim:Name>\n"
            + "  <rim:Classification classificationScheme=\"urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d\""
            + " classifiedObject=\"" + entry + "\" nodeRepresentation=\"\" id=\"author01\">\n"
            + "  " + slot("authorPerson", author) + "  </rim:Classification>\n"
            + classification("41a5887f-8865-4c09-adf7-e362475b143a", entry, "10", "1.2.250.1.213.1.1.4.1", "class")
            + classification("f4f85eac-e6cb-4883-b524-f2705394840f", entry, "N", "2.16.840.1.113883.5.25", "conf")
            + classification("a09d5840-386c-46f2-b5ad-9c3699a4309d", entry,
                "urn:ihe:iti:xds-sd:pdf:2008", "1.3.6.1.4.1.19376.1.2.3", "format")
            + classification("f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1", entry, "SA01", "1.2.250.1.71.4.2.4", "facility")
            + classification("cccf5598-8b07-4b77-a05e-ae952c785ead", entry, "ORG-056", "1.2.250.1.213.1.1.4.9", "practice")
            + classification("f0306f51-975f-434e-a61c-c59651d33983", entry, cda.typeCode(), "2.16.840.1.113883.6.1", "type")
            + externalId("58a6f841-87b3-4a3e-92fd-a8ffeff98427", entry, patientId, "XDSDocumentEntry.patientId")
            + externalId("2e82c1f6-a085-4c72-9da3-8640a32e42ab", entry, uniqueId, "XDSDocumentEntry.uniqueId")
            + "</rim:ExtrinsicObject>\n"
            + "<rim:RegistryPackage id=\"SubmissionSet01\""
            + " objectType=\"urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:RegistryPackage\">\n"
            + slot("submissionTime", now)
            + classification("aa543740-bdda-424e-8c96-df4873be8500", "SubmissionSet01", cda.typeCode(),
                "2.16.840.1.113883.6.1", "content")
            + externalId("6b5aea1a-874d-4603-a4bc-96a0a7b38446", "SubmissionSet01", patientId, "XDSSubmissionSet.patientId")
            + externalId("96fdda7c-d067-4183-912e-bf5ee74998a8", "SubmissionSet01", uniqueId + ".ss", "XDSSubmissionSet.uniqueId")
            + externalId("554ac39e-e3fe-47fe-b233-965d2a147832", "SubmissionSet01", "1.2.250.1.999.9", "XDSSubmissionSet.sourceId")
            + "</rim:RegistryPackage>\n"
            + "<rim:Classification classifiedObject=\"SubmissionSet01\""
            + " classificationNode=\"urn:uuid:a54d6aa5-d40d-43f9-88c5-b4633d873bdd\" id=\"ss-node\"/>\n"
            + "<rim:Association associationType=\"urn:oasis:names:tc:ebxml-regrep:AssociationType:HasMember\""
            + " sourceObject=\"SubmissionSet01\" targetObject=\"" + entry + "\" id=\"as01\">\n"
            + slot("SubmissionSetStatus", "Original")
            + "</rim:Association>\n"
            + "</rim:RegistryObjectList>\n"
            + "</lcm:SubmitObjectsRequest>\n";
    }

    private static String slot(String name, String... values) {
        StringBuilder xml = new StringBuilder("  <rim:Slot name=\"").append(name).append("\"><rim:ValueList>");
        for (String value : values) {
            xml.append("<rim:Value>").append(value.contains("&amp;") ? value : xml(value)).append("</rim:Value>");
        }
        return xml.append("</rim:ValueList></rim:Slot>\n").toString();
    }

    private static String classification(String scheme, String object, String code, String codingScheme, String id) {
        return "  <rim:Classification classificationScheme=\"urn:uuid:" + scheme + "\" classifiedObject=\"" + object
            + "\" nodeRepresentation=\"" + xml(code) + "\" id=\"" + id + "-" + object + "\">\n"
            + "  " + slot("codingScheme", codingScheme) + "  </rim:Classification>\n";
    }

    private static String externalId(String scheme, String object, String value, String name) {
        return "  <rim:ExternalIdentifier identificationScheme=\"urn:uuid:" + scheme + "\" value=\""
            + (value.contains("&amp;") ? value : xml(value)) + "\" registryObject=\"" + object + "\" id=\"ei-" + name
            + "\">\n    <rim:Name><rim:LocalizedString value=\"" + name + "\"/></rim:Name>\n  </rim:ExternalIdentifier>\n";
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
