package fr.caducee.domain.documents;

import static fr.caducee.domain.documents.XdmFixtures.BAD_KEY_INS;
import static fr.caducee.domain.documents.XdmFixtures.QUALIFIED_INS;
import static fr.caducee.domain.documents.XdmFixtures.document;
import static fr.caducee.domain.documents.XdmFixtures.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XdmMetadataTest {
    private static final String NAME = "IHE_XDM/SUBSET01/METADATA.XML";

    @Test
    void severalDocumentsKeepTheirOwnCodesAndPatients() throws Exception {
        List<DocumentEntry> documents = read(metadata(
            document("Document01", "11490-0", QUALIFIED_INS),
            document("Document02", "11502-2", BAD_KEY_INS)));

        assertThat(documents).extracting(DocumentEntry::id).containsExactly("Document01", "Document02");
        assertThat(documents).extracting(DocumentEntry::typeCode).containsExactly(Optional.of("11490-0"), Optional.of("11502-2"));
        assertThat(documents.get(1).patientId().orElseThrow().qualifiedIns()).isFalse();
    }

    @Test
    void theSubmissionSetsOwnCodesAndPatientAreNotDocuments() throws Exception {
        List<DocumentEntry> documents = read(metadata(document("Document01", "11490-0", null)));

        assertThat(documents).singleElement().satisfies(entry -> {
            assertThat(entry.typeCode()).contains("11490-0");
            assertThat(entry.patientId()).isEmpty();
        });
    }

    @Test
    void classificationsWrittenAtTopLevelBelongToTheEntryTheyName() throws Exception {
        String xml = metadata(document("Document01", null, null)).replace("</rim:RegistryObjectList>",
            "<rim:Classification classificationScheme=\"urn:uuid:f0306f51-975f-434e-a61c-c59651d33983\""
                + " classifiedObject=\"Document01\" nodeRepresentation=\"34112-3\" id=\"top-type\"/>\n"
                + "<rim:ExternalIdentifier identificationScheme=\"urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427\""
                + " registryObject=\"Document01\" value=\"" + QUALIFIED_INS.replace("&", "&amp;") + "\" id=\"top-pid\"/>\n"
                + "</rim:RegistryObjectList>");

        assertThat(read(xml)).singleElement().satisfies(entry -> {
            assertThat(entry.typeCode()).contains("34112-3");
            assertThat(entry.patientId()).map(PatientId::id).contains("146026322000196");
        });
    }

    @Test
    void twoTypeCodesForOneDocumentAreRefused() {
        String xml = metadata(document("Document01", "11490-0", QUALIFIED_INS)).replace("</rim:RegistryObjectList>",
            "<rim:Classification classificationScheme=\"urn:uuid:f0306f51-975f-434e-a61c-c59651d33983\""
                + " classifiedObject=\"Document01\" nodeRepresentation=\"34112-3\" id=\"second-type\"/>\n</rim:RegistryObjectList>");

        assertThatThrownBy(() -> read(xml)).isInstanceOf(UnreadableArchiveException.class)
            .hasMessageContaining("gives the document Document01 several type codes (11490-0, 34112-3)");
    }

    @Test
    void ansMetadataWithoutAnyNamespaceDeclarationIsRead() throws Exception {
        List<DocumentEntry> documents = read(XdmFixtures.ansMetadata());

        assertThat(documents).extracting(DocumentEntry::id).containsExactly("DocumentKOS", "Signature01");
        assertThat(documents.get(0).typeCode()).contains("IMG-KOS");
        assertThat(documents.get(0).patientId()).map(PatientId::qualifiedIns).contains(true);
        assertThat(documents.get(0).confidentialityCodes()).containsExactly("N");
        assertThat(documents.get(1).confidentialityCodes())
            .containsExactlyInAnyOrder("N", ConfidentialityCodes.MASQUE_PS, ConfidentialityCodes.INVISIBLE_PATIENT);
    }

    @Test
    void confidentialityCodesAreReadPerDocument() throws Exception {
        List<DocumentEntry> documents = read(metadata(
            document("Document01", "11490-0", QUALIFIED_INS, "MASQUE_PS", "INVISIBLE_PATIENT"),
            document("Document02", "11502-2", QUALIFIED_INS, "invisible_rep_legaux"),
            document("Document03", "18748-4", QUALIFIED_INS)));

        assertThat(documents.get(0).confidentialityCodes()).containsExactlyInAnyOrder("MASQUE_PS", "INVISIBLE_PATIENT");
        assertThat(documents.get(1).confidentialityCodes()).containsExactly("INVISIBLE_REP_LEGAUX");
        assertThat(documents.get(2).confidentialityCodes()).isEmpty();
    }

    @Test
    void metadataWithoutDocumentsIsRefused() {
        assertThatThrownBy(() -> read(metadata())).isInstanceOf(UnreadableArchiveException.class)
            .hasMessageContaining("declares no document");
    }

    @Test
    void ebRim21MetadataIsNotRead() {
        String xml = metadata(document("Document01", "11490-0", QUALIFIED_INS))
            .replace("urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0", "urn:oasis:names:tc:ebxml-regrep:rim:xsd:2.1");

        assertThatThrownBy(() -> read(xml)).isInstanceOf(UnreadableArchiveException.class)
            .hasMessageContaining("no ebRIM 3.0 ExtrinsicObject");
    }

    @Test
    void malformedXmlIsRefusedWithItsLine() {
        String xml = metadata(document("Document01", "11490-0", QUALIFIED_INS)).replace("</rim:ExtrinsicObject>", "</rim:Extrinsic>");

        assertThatThrownBy(() -> read(xml)).isInstanceOf(UnreadableArchiveException.class)
            .hasMessageStartingWith(NAME + " is not well-formed XML (line ");
    }

    @Test
    void anExternalEntityIsNeverResolved(@TempDir Path folder) throws Exception {
        Path secret = folder.resolve("secret.txt");
        Files.writeString(secret, "146026322000196^^^&amp;1.2.250.1.213.1.4.8&amp;ISO");
        String xml = metadata(document("Document01", "11490-0", "&xxe;"))
            .replace("<lcm:SubmitObjectsRequest", "<!DOCTYPE lcm:SubmitObjectsRequest [<!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">]>\n<lcm:SubmitObjectsRequest")
            .replace("&amp;xxe;", "&xxe;");

        assertThatThrownBy(() -> read(xml)).isInstanceOf(UnreadableArchiveException.class)
            .hasMessageContaining("DOCTYPE")
            .hasMessageNotContaining("146026322000196");
    }

    @Test
    void internalEntityExpansionIsRefusedToo() {
        String xml = metadata(document("Document01", "&lol3;", QUALIFIED_INS))
            .replace("<lcm:SubmitObjectsRequest", "<!DOCTYPE lcm:SubmitObjectsRequest [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>\n<lcm:SubmitObjectsRequest");

        assertThatThrownBy(() -> read(xml)).isInstanceOf(UnreadableArchiveException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void aSubmissionGivesEachEntrysFileUniqueIdAuthorAndStatus() throws Exception {
        XdmSubmission submission = XdmMetadata.submission(utf8(AnsSamples.metadataFor(AnsSamples.Sample.BIO_V2.bytes(),
            "DOC0001.XML", XdmEntry.APPROVED)), NAME);

        assertThat(submission.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo("Document1");
            assertThat(entry.uri()).contains("DOC0001.XML");
            assertThat(entry.uniqueId()).contains(AnsSamples.Sample.BIO_V2.uniqueId());
            assertThat(entry.mimeType()).isEqualTo("text/xml");
            assertThat(entry.status()).isEqualTo(XdmEntry.APPROVED);
            assertThat(entry.authorPersons()).singleElement().asString().startsWith(AnsSamples.BIO_AUTHOR + "^");
        });
        assertThat(submission.associations()).extracting(XdmAssociation::type)
            .containsExactly(XdmAssociation.HAS_MEMBER, XdmAssociation.RPLC);
    }

    @Test
    void ansOwnMetadataGivesItsFilesRelativeToTheIheXdmFolder() throws Exception {
        XdmSubmission submission = XdmMetadata.submission(utf8(XdmFixtures.ansMetadata()), NAME);

        assertThat(submission.entries()).extracting(XdmEntry::uri)
            .containsExactly(Optional.of("SS000001/KOS_1_1.DCM"), Optional.of("SS000001/SIGN_1.XML"));
        assertThat(submission.entries().get(0).uniqueId()).contains("1.3.2.751468943.3.1234.99352.240116151112.1.1.1");
        assertThat(submission.entries().get(0).authorPersons()).singleElement().asString().startsWith("899700367909^");
    }

    @Test
    void aUriWrittenInNumberedPartsIsJoinedInOrder() throws Exception {
        String xml = AnsSamples.metadataFor(AnsSamples.Sample.BIO.bytes(), "DOC0001.XML", XdmEntry.APPROVED)
            .replace("<rim:Value>DOC0001.XML</rim:Value>", "<rim:Value>2|001.XML</rim:Value><rim:Value>1|DOC0</rim:Value>");

        assertThat(XdmMetadata.submission(utf8(xml), NAME).entries().get(0).uri()).contains("DOC0001.XML");
    }

    @Test
    void twoUniqueIdsForOneDocumentAreRefusedWhenItsFilesAreReadOnly() throws Exception {
        String xml = AnsSamples.metadataFor(AnsSamples.Sample.BIO.bytes(), "DOC0001.XML", XdmEntry.APPROVED)
            .replace("</rim:ExtrinsicObject>", "<rim:ExternalIdentifier identificationScheme=\""
                + XdmMetadata.UNIQUE_ID_SCHEME + "\" value=\"1.2.3.4\" registryObject=\"Document1\" id=\"uid2\"/>\n"
                + "</rim:ExtrinsicObject>");

        assertThat(XdmMetadata.documents(utf8(xml), NAME)).hasSize(1);
        assertThatThrownBy(() -> XdmMetadata.submission(utf8(xml), NAME)).isInstanceOf(UnreadableArchiveException.class)
            .hasMessageContaining("several unique ids");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<DocumentEntry> read(String xml) throws UnreadableArchiveException {
        return XdmMetadata.documents(xml.getBytes(StandardCharsets.UTF_8), NAME);
    }
}
