package fr.caducee.domain.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.domain.documents.AnsSamples.Sample;
import fr.caducee.domain.documents.UnreadableArchiveException.Problem;

class CdaReaderTest {

    @Test
    void ansLabReportIsReadWithItsIdsPatientAuthorAndType() throws Exception {
        CdaHeader cda = read(Sample.BIO.bytes());

        assertThat(cda.uniqueId()).isEqualTo("1.2.250.1.213.1.1.12");
        assertThat(cda.setId()).map(InstanceIdentifier::value).contains("1.2.250.1.213.1.1.9");
        assertThat(cda.version()).isEqualTo(1);
        assertThat(cda.typeCode()).contains("11502-2");
        assertThat(cda.typeCodeSystem()).contains(CdaHeader.LOINC);
        assertThat(cda.title()).isEqualTo("Compte rendu d'examens biologiques");
        assertThat(cda.effectiveInstant()).contains(Instant.parse("2021-01-04T15:05:27Z"));
        assertThat(cda.confidentialityCode()).contains("N");
        assertThat(cda.ins()).contains(new InstanceIdentifier(AnsSamples.PATIENT_AUTHORITY, AnsSamples.PATIENT_INS));
        assertThat(cda.patientIds()).hasSize(2);
        assertThat(cda.authorIdNat()).contains(AnsSamples.BIO_AUTHOR);
        assertThat(cda.authorOrganization()).map(InstanceIdentifier::extension).contains("1120459876");
        assertThat(cda.replaces()).isEmpty();
        assertThat(cda.recordTargets()).isEqualTo(1);
    }

    @Test
    void thePatientsIdentityTraitsAreRead() throws Exception {
        CdaHeader.PatientTraits patient = read(Sample.BIO.bytes()).patient();

        assertThat(patient.birthFamilyName()).contains("PAT-TROIS");
        assertThat(patient.familyNames()).containsExactly("PAT-TROIS", "PAT-TROIS", "PAT-TROIS");
        assertThat(patient.givenNames()).containsExactly("DOMINIQUE");
        assertThat(patient.birthDate()).contains(LocalDate.parse(AnsSamples.PATIENT_BIRTH_DATE));
        assertThat(patient.gender()).contains("F");
    }

    @Test
    void ansLabReportsSecondVersionNamesTheVersionItReplaces() throws Exception {
        CdaHeader cda = read(Sample.BIO_V2.bytes());

        assertThat(cda.uniqueId()).isEqualTo("1.2.250.1.213.1.1.13");
        assertThat(cda.setId()).map(InstanceIdentifier::value).contains("1.2.250.1.213.1.1.9");
        assertThat(cda.version()).isEqualTo(2);
        assertThat(cda.replaces()).map(CdaHeader.ParentDocument::uniqueId).contains("1.2.250.1.213.1.1.12");
    }

    @Test
    void ansImagingReportWithoutSetIdIsRead() throws Exception {
        CdaHeader cda = read(Sample.IMAGING.bytes());

        assertThat(cda.uniqueId()).isEqualTo(Sample.IMAGING.uniqueId());
        assertThat(cda.setId()).isEmpty();
        assertThat(cda.version()).isEqualTo(1);
        assertThat(cda.typeCode()).contains("18748-4");
        assertThat(cda.title()).isEqualTo("Radio de hanche");
        assertThat(cda.authorIdNat()).contains(AnsSamples.IMAGING_AUTHOR);
        assertThat(cda.patient().birthplace()).contains("63220 MAZOIRES");
    }

    @Test
    void ansImagingReportsSecondVersionReplacesTheFirst() throws Exception {
        CdaHeader cda = read(Sample.IMAGING_V2.bytes());

        assertThat(cda.uniqueId()).isEqualTo(Sample.IMAGING_V2.uniqueId());
        assertThat(cda.version()).isEqualTo(2);
        assertThat(cda.replaces()).map(CdaHeader.ParentDocument::uniqueId).contains(Sample.IMAGING.uniqueId());
    }

    @Test
    void drimmImagingReportIsReadFromItsPublishedHeader() throws Exception {
        CdaHeader cda = read(Sample.DRIMM_IMAGING.bytes());

        assertThat(cda.uniqueId()).isEqualTo("1.2.250.1.213.4.5.4.407");
        assertThat(cda.setId()).map(InstanceIdentifier::value).contains("D52DE737-001D-4031-B571-0A0ED7C42300");
        assertThat(cda.version()).isEqualTo(1);
        assertThat(cda.typeCode()).contains("18748-4");
        assertThat(cda.title()).isEqualTo("CR d\u2019imagerie médicale");
        assertThat(cda.ins()).contains(new InstanceIdentifier(AnsSamples.PATIENT_AUTHORITY, AnsSamples.PATIENT_INS));
        assertThat(cda.patientIds()).extracting(InstanceIdentifier::extension).containsExactly(AnsSamples.PATIENT_INS, "IPP101");
        assertThat(cda.patient().familyNames()).containsExactly("PAT-TROIS", "PAT-TROIS");
        assertThat(cda.patient().birthplace()).contains("63220 MAZOIRES");
        assertThat(cda.authorIdNat()).contains(AnsSamples.DRIMM_AUTHOR);
        assertThat(cda.replaces()).isEmpty();
    }

    @Test
    void drimmImagingReportsUpdateReplacesItInTheSameSet() throws Exception {
        CdaHeader cda = read(Sample.DRIMM_IMAGING_V2.bytes());

        assertThat(cda.uniqueId()).isEqualTo("1.2.250.1.213.4.5.4.4072");
        assertThat(cda.setId()).map(InstanceIdentifier::value).contains("D52DE737-001D-4031-B571-0A0ED7C42300");
        assertThat(cda.version()).isEqualTo(2);
        assertThat(cda.replaces()).map(CdaHeader.ParentDocument::uniqueId).contains("1.2.250.1.213.4.5.4.407");
        assertThat(cda.patient().birthplace()).contains("51215 DOMPREMY");
    }

    @Test
    void anIdWithAnExtensionIsWrittenRootCaretExtensionAsXdsDoes() throws Exception {
        byte[] cda = AnsSamples.replace(Sample.IMAGING.bytes(), "<id root=\"1.2.250.1.71.4.2.2.120456789.71024000081\">",
            "<id root=\"1.2.250.1.71.4.2.2.120456789\" extension=\"71024000081\">");

        assertThat(read(cda).uniqueId()).isEqualTo("1.2.250.1.71.4.2.2.120456789^71024000081");
    }

    @Test
    void aNullFlavoredPatientIdIsNoIdentifier() throws Exception {
        byte[] cda = AnsSamples.replace(Sample.IMAGING.bytes(),
            "<id extension=\"279035121518989\" root=\"1.2.250.1.213.1.4.10\"></id>", "<id nullFlavor=\"UNK\"/>");

        assertThat(read(cda).patientIds()).isEmpty();
        assertThat(read(cda).ins()).isEmpty();
    }

    @Test
    void somethingThatIsNotXmlIsRefusedAsSuch() {
        assertThatThrownBy(() -> read("%PDF-1.7\n%âãÏÓ binary".getBytes(StandardCharsets.ISO_8859_1)))
            .isInstanceOf(UnreadableArchiveException.class)
            .hasMessageStartingWith("DOC0001.XML is not well-formed XML (line 1")
            .extracting(e -> ((UnreadableArchiveException) e).problem()).isEqualTo(Problem.NOT_XML);
    }

    @Test
    void xmlThatIsNotAClinicalDocumentIsNotCda() {
        assertThatThrownBy(() -> read(utf8("<Bundle xmlns=\"http://hl7.org/fhir\"/>")))
            .hasMessage("DOC0001.XML is not an HL7 CDA R2 document: its root element is Bundle in http://hl7.org/fhir, "
                + "not ClinicalDocument in urn:hl7-org:v3")
            .extracting(e -> ((UnreadableArchiveException) e).problem()).isEqualTo(Problem.NOT_CDA);
    }

    @Test
    void aClinicalDocumentWithAnotherTypeIdIsNotCdaR2() {
        byte[] cda = AnsSamples.replace(Sample.BIO.bytes(), "extension=\"POCD_HD000040\"", "extension=\"POCD_HD000030\"");

        assertThatThrownBy(() -> read(cda)).hasMessageContaining("its typeId is 2.16.840.1.113883.1.3/POCD_HD000030")
            .extracting(e -> ((UnreadableArchiveException) e).problem()).isEqualTo(Problem.NOT_CDA);
    }

    @Test
    void aClinicalDocumentOutsideTheHl7NamespaceIsNotCda() {
        byte[] cda = AnsSamples.replace(Sample.IMAGING.bytes(), "xmlns=\"urn:hl7-org:v3\"", "xmlns=\"urn:example\"");

        assertThatThrownBy(() -> read(cda)).extracting(e -> ((UnreadableArchiveException) e).problem())
            .isEqualTo(Problem.NOT_CDA);
    }

    @Test
    void aDocumentWithoutIdIsRefused() {
        byte[] cda = AnsSamples.replace(Sample.IMAGING.bytes(),
            "<id root=\"1.2.250.1.71.4.2.2.120456789.71024000081\"></id>", "");

        assertThatThrownBy(() -> read(cda)).hasMessageContaining("has no ClinicalDocument/id");
    }

    @Test
    void anExternalFileEntityIsRefusedAndNeverRead(@TempDir Path folder) throws Exception {
        Path secret = folder.resolve("secret.txt");
        Files.writeString(secret, "SECRET-CONTENT-146026322000196");
        byte[] cda = withDoctype(Sample.BIO.bytes(), "<!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM \"" + secret.toUri()
            + "\">]>", "<title>&xxe;</title>");

        assertThatThrownBy(() -> read(cda)).isInstanceOf(UnreadableArchiveException.class)
            .hasMessageContaining("declares a document type (DOCTYPE)")
            .hasMessageNotContaining("SECRET-CONTENT")
            .extracting(e -> ((UnreadableArchiveException) e).problem()).isEqualTo(Problem.DOCTYPE);
    }

    @Test
    void anExternalHttpEntityIsRefusedWithoutAnyConnection() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(300);
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/entity";
            byte[] cda = withDoctype(Sample.BIO.bytes(), "<!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM \"" + url
                + "\">]>", "<title>&xxe;</title>");
            byte[] dtd = withDoctype(Sample.BIO.bytes(), "<!DOCTYPE ClinicalDocument SYSTEM \"" + url + "\">", null);

            assertThatThrownBy(() -> read(cda)).extracting(e -> ((UnreadableArchiveException) e).problem())
                .isEqualTo(Problem.DOCTYPE);
            assertThatThrownBy(() -> read(dtd)).extracting(e -> ((UnreadableArchiveException) e).problem())
                .isEqualTo(Problem.DOCTYPE);
            assertThatThrownBy(listener::accept).as("no connection to the entity's server")
                .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void internalEntityExpansionIsRefusedToo() {
        byte[] cda = withDoctype(Sample.IMAGING.bytes(), "<!DOCTYPE ClinicalDocument [<!ENTITY lol \"lol\">"
            + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>", "<title>&lol2;</title>");

        assertThatThrownBy(() -> read(cda)).extracting(e -> ((UnreadableArchiveException) e).problem())
            .isEqualTo(Problem.DOCTYPE);
    }

    @Test
    void aDocumentOverTheBoundIsRefusedBeforeParsing() {
        assertThatThrownBy(() -> read(new byte[CdaReader.MAX_BYTES + 1]))
            .hasMessageContaining("is larger than 20 MB")
            .extracting(e -> ((UnreadableArchiveException) e).problem()).isEqualTo(Problem.TOO_LARGE);
    }

    @Test
    void aVersionNumberThatIsNotAWholeNumberIsRefused() {
        byte[] cda = AnsSamples.replace(Sample.BIO.bytes(), "<versionNumber value=\"1\" />", "<versionNumber value=\"v1\" />");

        assertThatThrownBy(() -> read(cda)).hasMessageContaining("its versionNumber is v1");
    }

    /** The document with a DOCTYPE before its root, and its title replaced (when given) to use the entity. */
    private static byte[] withDoctype(byte[] cda, String doctype, String title) {
        String xml = new String(cda, StandardCharsets.UTF_8);
        int root = xml.indexOf("<ClinicalDocument");
        xml = xml.substring(0, root) + doctype + "\n" + xml.substring(root);
        if (title != null) {
            xml = xml.replaceFirst("<title>[^<]*</title>", title);
        }
        return utf8(xml);
    }

    private static CdaHeader read(byte[] xml) throws UnreadableArchiveException {
        return CdaReader.read(xml, "DOC0001.XML");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
