package fr.caducee.domain.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.documents.AnsSamples.Sample;

class XdmWriterTest {
    private static final Instant AT = Instant.parse("2027-01-15T08:30:00Z");

    @Test
    void archiveIsLaidOutAsAnsLaysItsPackagesOut() throws Exception {
        byte[] archive = XdmWriter.archive(AT, "SIH Test 1.0", List.of(XdmWriter.Document.of(Sample.BIO.bytes())));

        assertThat(names(archive)).containsExactly("KA202701/INDEX.HTM", "KA202701/README.TXT",
            "KA202701/IHE_XDM/SS000001/DOC0001.XML", "KA202701/IHE_XDM/SS000001/METADATA.XML");
    }

    @Test
    void metadataIsWrittenFromTheCdaHeader() throws Exception {
        XdmPackage xdm = read(XdmWriter.archive(AT, "SIH", List.of(XdmWriter.Document.of(Sample.BIO.bytes()))));

        XdmDocument bio = xdm.documents().get(0);
        assertThat(bio.content()).isEqualTo(Sample.BIO.bytes());
        XdmEntry entry = bio.entry();
        assertThat(entry.uniqueId()).contains(Sample.BIO.uniqueId());
        assertThat(entry.document().typeCode()).contains("11502-2");
        assertThat(entry.document().patientId()).hasValueSatisfying(id -> {
            assertThat(id.qualifiedIns()).isTrue();
            assertThat(id.value()).startsWith(AnsSamples.PATIENT_INS);
        });
        assertThat(entry.document().confidentialityCodes()).containsExactly("N");
        assertThat(entry.status()).isEqualTo(XdmEntry.APPROVED);
        assertThat(entry.authorPersons()).singleElement().asString().startsWith(Sample.BIO.author() + "^");
        assertThat(entry.uri()).contains("SS000001/DOC0001.XML");
    }

    @Test
    void theFrenchConfidentialityCodesStandBesideTheCdasOwn() throws Exception {
        XdmWriter.Document masked = XdmWriter.Document.of(Sample.BIO.bytes())
            .withCodes(Set.of(ConfidentialityCodes.INVISIBLE_REP_LEGAUX, ConfidentialityCodes.INVISIBLE_PATIENT));
        byte[] archive = XdmWriter.archive(AT, "SIH", List.of(masked));

        assertThat(read(archive).documents().get(0).entry().document().confidentialityCodes())
            .containsExactlyInAnyOrder("N", ConfidentialityCodes.INVISIBLE_PATIENT, ConfidentialityCodes.INVISIBLE_REP_LEGAUX);
        assertThat(metadata(archive)).contains("nodeRepresentation=\"INVISIBLE_PATIENT\"")
            .contains("<rim:Value>" + ConfidentialityCodes.CODING_SCHEME + "</rim:Value>");
    }

    @Test
    void aNewVersionNamesTheVersionItReplaces() throws Exception {
        XdmPackage xdm = read(XdmWriter.archive(AT, "SIH", List.of(XdmWriter.Document.of(Sample.BIO_V2.bytes()))));

        assertThat(xdm.associations()).anySatisfy(association -> {
            assertThat(association.type()).isEqualTo(XdmAssociation.RPLC);
            assertThat(association.target()).isEqualTo(Sample.BIO.uniqueId());
        });
    }

    @Test
    void aWithdrawalIsTheVersionSentAgainDeprecated() throws Exception {
        XdmPackage xdm = read(XdmWriter.archive(AT, "SIH",
            List.of(XdmWriter.Document.of(Sample.BIO_V2.bytes()).withdrawal())));

        assertThat(xdm.documents().get(0).entry().deprecated()).isTrue();
    }

    @Test
    void theEntryCarriesTheHashAndSizeXdsAsksFor() throws Exception {
        byte[] cda = Sample.IMAGING.bytes();
        String metadata = metadata(XdmWriter.archive(AT, "SIH", List.of(XdmWriter.Document.of(cda))));

        String sha1 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(cda));
        assertThat(metadata).contains("<rim:Slot name=\"hash\"><rim:ValueList><rim:Value>" + sha1 + "</rim:Value>")
            .contains("<rim:Slot name=\"size\"><rim:ValueList><rim:Value>" + cda.length + "</rim:Value>")
            .contains("<rim:Slot name=\"submissionTime\"><rim:ValueList><rim:Value>20270115083000</rim:Value>")
            .contains("<rim:Slot name=\"creationTime\"><rim:ValueList><rim:Value>");
    }

    @Test
    void theSameDocumentsAtTheSameTimeGiveTheSameBytes() throws Exception {
        List<XdmWriter.Document> documents = List.of(XdmWriter.Document.of(Sample.IMAGING.bytes()),
            XdmWriter.Document.of(Sample.BIO.bytes()));

        assertThat(XdmWriter.archive(AT, "SIH", documents)).isEqualTo(XdmWriter.archive(AT, "SIH", documents));
    }

    @Test
    void everyDocumentOfTheArchiveIsListedInItsIndex() throws Exception {
        byte[] archive = XdmWriter.archive(AT, "SIH <4>", List.of(XdmWriter.Document.of(Sample.IMAGING.bytes()),
            XdmWriter.Document.of(Sample.BIO.bytes())));

        String index = entry(archive, "KA202701/INDEX.HTM");
        assertThat(index).contains("href=\"IHE_XDM/SS000001/DOC0001.XML\">Radio de hanche</a>")
            .contains("href=\"IHE_XDM/SS000001/DOC0002.XML\">Compte rendu d'examens biologiques</a>");
        assertThat(read(archive).documents()).hasSize(2);
    }

    @Test
    void aDocumentThatIsNotCdaIsNotWrapped() {
        assertThatThrownBy(() -> XdmWriter.archive(AT, "SIH",
            List.of(XdmWriter.Document.of("<Bundle xmlns=\"http://hl7.org/fhir\"/>".getBytes(StandardCharsets.UTF_8)))))
            .isInstanceOf(UnreadableArchiveException.class);
    }

    private static XdmPackage read(byte[] archive) throws Exception {
        return XdmArchive.read(new ByteArrayInputStream(archive));
    }

    private static String metadata(byte[] archive) throws IOException {
        return entry(archive, "KA202701/IHE_XDM/SS000001/METADATA.XML");
    }

    private static String entry(byte[] archive, String name) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no " + name);
    }

    private static List<String> names(byte[] archive) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
